/**
 * Constraint cards played to the room. Until revealed, a card exists only in
 * the interviewer's guide; from the reveal on, anyone in the room may read it,
 * stamped with when it was played. Only the card's candidate-facing prompt is
 * played; its follow-up is for interviewers and never leaves the guide.
 */
import type { RevealedCard } from '../../lib/rubric/evaluation';
import { db } from '../db/client';
import type { StoredCard } from '../db/json-columns';
import { ConflictError, NotFoundError } from '../http/errors';
import type { LoadedInterview as Loaded } from '../interviews/service';
import { eventBus } from '../events/bus';
import { phaseTitler } from '../timer/phases';
import { stampNow } from '../timer/session-clock';

/**
 * The part of a card the room may read. An allow-list, like candidateView():
 * the follow-up (and anything added to cards later) stays in the guide.
 */
function publicPart(card: StoredCard): Pick<RevealedCard, 'id' | 'title' | 'prompt'> {
  return { id: card.id, title: card.title, prompt: card.prompt };
}

export async function listRevealedCards(view: Loaded): Promise<RevealedCard[]> {
  const rows = await db().cardReveal.findMany({ where: { interviewId: view.interview.id }, orderBy: { revealedAt: 'asc' } });
  const title = phaseTitler(view);
  const cards = new Map(view.snapshot.guide.constraintCards.map((c) => [c.id, c]));
  return rows.flatMap((r) => {
    const card = cards.get(r.cardId);
    // Only cards of this interview's own snapshot can be stored, so a miss means a corrupt row: skip rather than leak.
    if (!card) return [];
    return [{ ...publicPart(card), sessionMs: r.sessionMs, phaseId: r.phaseId, phaseTitle: title(r.phaseId), revealedAt: r.revealedAt.toISOString() }];
  });
}

export async function revealCard(view: Loaded, cardId: string): Promise<RevealedCard> {
  const card = view.snapshot.guide.constraintCards.find((c) => c.id === cardId);
  if (!card) throw new NotFoundError(`No constraint card "${cardId}" in this interview's scenario.`);
  const stamp = await stampNow(view);
  const row = await db()
    .cardReveal.create({ data: { interviewId: view.interview.id, cardId, revealedById: view.actor.userId, ...stamp } })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002') throw new ConflictError(`"${card.title}" has already been revealed.`);
      throw error;
    });
  const revealed: RevealedCard = { ...publicPart(card), ...stamp, phaseTitle: phaseTitler(view)(stamp.phaseId), revealedAt: row.revealedAt.toISOString() };
  eventBus().publish('card-revealed', { interviewId: view.interview.id, card: revealed });
  return revealed;
}
