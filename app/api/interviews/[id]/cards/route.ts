import { listRevealedCards } from '@/lib/api/cards';
import { interviewRoute } from '@/server/routes/interview-route';
import { listRevealedCards as list } from '@/server/rubric/cards';

/** The constraint cards played so far. Unrevealed cards never come this way, whoever asks. */
export const GET = interviewRoute(listRevealedCards, 'cards.read', async ({ view }) => ({ cards: await list(view) }));
