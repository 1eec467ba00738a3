'use client';

import { formatClock } from '@/lib/timer/timer';
import type { RevealedCard } from '@/lib/rubric/evaluation';

/** Constraint cards the interviewer has played, for everyone in the room. */
export function CardsPanel({ cards }: { cards: RevealedCard[] }) {
  if (!cards.length) return null;
  return (
    <section className="panel cards-panel" aria-labelledby="cards-h" data-testid="revealed-cards">
      <h2 id="cards-h">Constraint cards</h2>
      <ol className="card-list">
        {[...cards].reverse().map((card) => (
          <li key={card.id} className="constraint-card" data-card={card.id}>
            <p className="constraint-title">{card.title}</p>
            <p className="small">{card.text}</p>
            <p className="muted tiny">
              Played at {formatClock(card.sessionMs)} · {card.phaseTitle}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
