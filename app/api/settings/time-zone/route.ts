import { detectTimeZone } from '@/lib/api/settings';
import { apiRoute } from '@/server/routes/api-route';
import { saveDetectedTimeZone } from '@/server/settings/profile';

/** The browser's detected zone; saved only while the user has none. */
export const POST = apiRoute(detectTimeZone, { signedIn: true }, ({ user, body }) => saveDetectedTimeZone(user.id, body.timeZone));
