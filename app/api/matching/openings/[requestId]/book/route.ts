import { bookOpening as bookRoute } from '@/lib/api/matching';
import { bookOpening } from '@/server/matching/openings';
import { apiRoute } from '@/server/routes/api-route';

/** Books that person at that start (201); 409 when they are taken or the time is no longer free. */
export const POST = apiRoute(bookRoute, { signedIn: true }, ({ user, params, body }) => bookOpening(user.id, params.requestId, body.startsAt));
