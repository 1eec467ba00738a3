import { createInterview } from '@/lib/api/interviews';
import { createInterview as create } from '@/server/interviews/service';
import { apiRoute } from '@/server/routes/api-route';

/** Creates an interview; the creator becomes its interviewer. */
export const POST = apiRoute(createInterview, { signedIn: true }, ({ user, body }) => create(user.id, body));
