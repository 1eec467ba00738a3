import { revealCard } from '@/lib/api/cards';
import { interviewRoute } from '@/server/routes/interview-route';
import { revealCard as reveal } from '@/server/rubric/cards';

/** Plays a constraint card to everyone in the room, stamped on the session clock. */
export const POST = interviewRoute(revealCard, 'cards.reveal', ({ view, params }) => reveal(view, params.cardId));
