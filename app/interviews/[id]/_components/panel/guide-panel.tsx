'use client';

import { useEffect, useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { revealCard } from '@/lib/api/cards';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { readGuide, type Guide } from '@/lib/api/guide';
import { formatClock } from '@/lib/timer/timer';
import type { RevealedCard } from '@/lib/rubric/evaluation';

interface Props {
  interviewId: string;
  phaseIndex: number;
  revealed: RevealedCard[];
  onRevealed: (card: RevealedCard) => void;
  canReveal: boolean;
}

/**
 * The guide for the phase the timer is in. Fetched from a policy-checked
 * endpoint, never rendered into the page, so nothing of it exists in a
 * candidate's page payload. Cards for this phase come first; the rest stay
 * one click away, because interviewers often play a card early or late.
 */
export function GuidePanel({ interviewId, phaseIndex, revealed, onRevealed, canReveal }: Props) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revealing, setRevealing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ id: string; title: string } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    apiFetch(readGuide, { params: { id: interviewId }, signal: controller.signal }).then(
      (body) => !controller.signal.aborted && setGuide(body),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setError(failureMessage(error, { offline: 'Could not load the guide. Check your connection.', refused: (status) => `Could not load the guide (HTTP ${status}).` }));
      },
    );
    return () => controller.abort();
  }, [interviewId]);

  async function reveal(cardId: string) {
    setConfirming(null);
    setRevealing(cardId);
    setError(null);
    try {
      onRevealed(await apiFetch(revealCard, { params: { id: interviewId, cardId } }));
    } catch (error) {
      setError(failureMessage(error, { offline: 'Could not reveal the card. Check your connection.', refused: (status) => `Could not reveal the card (HTTP ${status}).` }));
    } finally {
      setRevealing(null);
    }
  }

  if (!guide) return error ? <p className="field-error" role="alert">{error}</p> : <p className="muted small">Loading the guide…</p>;
  const phase = guide.phases[Math.min(phaseIndex, guide.phases.length - 1)]!;
  const current = guide.constraintCards.filter((c) => c.phase === phase.id);
  const later = guide.constraintCards.filter((c) => c.phase !== phase.id);
  const stamp = new Map(revealed.map((c) => [c.id, c]));

  const cardItem = (card: Guide['constraintCards'][number]) => {
    const played = stamp.get(card.id);
    return (
      <li key={card.id} className="guide-card" data-card={card.id} data-revealed={played ? 'true' : 'false'}>
        <p className="constraint-title">{card.title}</p>
        {/* Both halves, before and after the reveal: the interviewer reads what the room will see and what to ask next. */}
        <p className="card-audience">Candidate sees</p>
        <p className="small" data-part="prompt">{card.prompt}</p>
        <p className="card-audience">Your follow-up</p>
        {card.followUp ? (
          <p className="small" data-part="follow-up">{card.followUp}</p>
        ) : (
          <p className="muted tiny">None written: this interview was created before cards had follow-ups.</p>
        )}
        {played ? (
          <p className="tiny ok-text">
            Revealed at {formatClock(played.sessionMs)} · {played.phaseTitle}
          </p>
        ) : (
          canReveal && (
            <button type="button" className="btn btn-small btn-secondary" disabled={revealing !== null} onClick={() => setConfirming({ id: card.id, title: card.title })}>
              {revealing === card.id ? 'Revealing…' : 'Reveal to room'}
            </button>
          )
        )}
      </li>
    );
  };

  return (
    <div className="guide-panel" data-testid="interviewer-guide">
      {error && <p className="field-error" role="alert">{error}</p>}
      <ConfirmDialog
        open={confirming !== null}
        title={`Reveal "${confirming?.title ?? ''}"?`}
        action="Reveal card"
        onConfirm={() => confirming && void reveal(confirming.id)}
        onCancel={() => setConfirming(null)}
      >
        <p>Everyone in the room, the candidate included, sees this card's title and the “Candidate sees” text from now on, stamped with the time on the clock. Your follow-up stays with you. It cannot be hidden again.</p>
      </ConfirmDialog>
      <p className="eyebrow">Now: {phase.title}</p>
      <p className="muted small">{phase.goal}</p>
      {phase.probes.length > 0 && (
        <>
          <h3>Probes</h3>
          <ul className="bullets" data-testid="guide-probes">
            {phase.probes.map((probe) => (
              <li key={probe}>{probe}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Constraint cards</h3>
      {current.length ? <ul className="card-list">{current.map(cardItem)}</ul> : <p className="muted small">None planned for this phase.</p>}
      {later.length > 0 && (
        <details>
          <summary>Cards for other phases ({later.length})</summary>
          <ul className="card-list">{later.map(cardItem)}</ul>
        </details>
      )}
      <details>
        <summary>Clarifying facts ({guide.clarifyingFacts.length})</summary>
        <dl className="facts">
          {guide.clarifyingFacts.map((fact) => (
            <div key={fact.topic}>
              <dt>{fact.topic}</dt>
              <dd>{fact.answer}</dd>
            </div>
          ))}
        </dl>
      </details>
      <details>
        <summary>Scenario context</summary>
        <p className="small">{guide.context}</p>
      </details>
    </div>
  );
}
