import { withdrawAvailability as withdrawRoute } from '@/lib/api/matching';
import { withdrawAvailability } from '@/server/matching/requests';
import { apiRoute } from '@/server/routes/api-route';

/** Withdraws my open request (204); 404 for anyone else's, 409 once matched. */
export const DELETE = apiRoute(withdrawRoute, { signedIn: true }, async ({ user, params }) => {
  await withdrawAvailability(user.id, params.id);
  return null;
});
