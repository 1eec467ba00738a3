import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { listRevealedCards } from '@/server/rubric/cards';

/** The constraint cards played so far. Unrevealed cards never come this way, whoever asks. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireSession(request.headers);
  const view = await authorize((await params).id, user.id, 'cards.read');
  return Response.json({ cards: await listRevealedCards(view) }, { headers: { 'cache-control': 'private, no-store' } });
});
