import { readSettings, updateSettings } from '@/lib/api/settings';
import { apiRoute } from '@/server/routes/api-route';
import { readSettings as read, updateSettings as update } from '@/server/settings/profile';

export const GET = apiRoute(readSettings, { signedIn: true }, ({ user }) => read(user.id));

/** Only the fields sent change; a zone outside the runtime's list is a 422 naming `timeZone`. */
export const PATCH = apiRoute(updateSettings, { signedIn: true }, ({ user, body }) => update(user.id, body));
