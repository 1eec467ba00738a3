import { swapRoles as swapRolesRoute } from '@/lib/api/rounds';
import { interviewRoute } from '@/server/routes/interview-route';
import { swapRoles } from '@/server/rounds/swap';

/** Round 1's candidate starts round 2 as its interviewer (201); 409 before the end or once round 2 exists. */
export const POST = interviewRoute(swapRolesRoute, 'round.swap', ({ view, body }) => swapRoles(view, body));
