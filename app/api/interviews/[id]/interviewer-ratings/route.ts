import { listInterviewerRatings } from '@/lib/api/ratings';
import { memberRoute } from '@/server/routes/interview-route';
import { listRatings } from '@/server/ratings/ratings';

/** An interviewer's ratings about themselves, or the ones the candidate gave; observers are refused. */
export const GET = memberRoute(listInterviewerRatings, 'rating.read', async ({ view }) => ({ ratings: await listRatings(view) }));
