import { readProgress as readProgressRoute } from '@/lib/api/progress';
import { apiRoute, Reply } from '@/server/routes/api-route';
import { readProgress } from '@/server/progress/progress';
import { PRIVATE } from '@/server/routes/interview-route';

/** The caller's own progress as a candidate, from released feedback only. */
export const GET = apiRoute(readProgressRoute, { signedIn: true }, async ({ user }) => new Reply(await readProgress(user.id), { headers: { 'cache-control': PRIVATE } }));
