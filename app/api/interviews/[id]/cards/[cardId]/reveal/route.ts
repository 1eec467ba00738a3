import { requireSession } from '@/server/auth/session';
import { route } from '@/server/http/errors';
import { authorize } from '@/server/interviews/service';
import { revealCard } from '@/server/rubric/cards';

/** Plays a constraint card to everyone in the room, stamped on the session clock. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string; cardId: string }> }) => {
  const user = await requireSession(request.headers);
  const { id, cardId } = await params;
  const view = await authorize(id, user.id, 'cards.reveal');
  return Response.json(await revealCard(view, cardId), { status: 201 });
});
