import { listOpenings as listRoute } from '@/lib/api/matching';
import { listOpenings } from '@/server/matching/openings';
import { apiRoute } from '@/server/routes/api-route';

/** Other people's open requests that fit mine, by first name only. */
export const GET = apiRoute(listRoute, { signedIn: true }, ({ user }) => listOpenings(user.id));
