import { postAvailability as postRoute, readMatching as readRoute } from '@/lib/api/matching';
import { postAvailability, readMatching } from '@/server/matching/requests';
import { apiRoute } from '@/server/routes/api-route';

/** My open request (if any), my matches and my own reliability. */
export const GET = apiRoute(readRoute, { signedIn: true }, ({ user }) => readMatching(user.id));

/** Posts my availability and tries to match it at once (201: matched, or open). 409 while I have an open one. */
export const POST = apiRoute(postRoute, { signedIn: true }, ({ user, body }) => postAvailability(user.id, body));
