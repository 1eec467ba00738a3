'use client';

import { useEffect, useState } from 'react';

interface Guide {
  context: string;
  phases: { id: string; title: string; goal: string; probes: string[] }[];
  clarifyingFacts: { topic: string; answer: string }[];
  constraintCards: { id: string; title: string; text: string; phase: string }[];
}

/**
 * Interviewers only: the guide for the phase the timer is in. Fetched from a
 * policy-checked endpoint, never rendered into the page, so nothing of it
 * exists in a candidate's page payload.
 */
export function InterviewerPanel({ interviewId, phaseIndex }: { interviewId: string; phaseIndex: number }) {
  const [guide, setGuide] = useState<Guide | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void fetch(`/api/interviews/${interviewId}/guide`)
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as (Guide & { error?: { message?: string } }) | null;
        if (cancelled) return;
        if (!response.ok || !body) setError(body?.error?.message ?? `Could not load the guide (HTTP ${response.status}).`);
        else setGuide(body);
      })
      .catch(() => !cancelled && setError('Could not load the guide. Check your connection.'));
    return () => {
      cancelled = true;
    };
  }, [interviewId]);

  if (error) return <p className="field-error" role="alert">{error}</p>;
  if (!guide) return <p className="muted small">Loading the guide…</p>;
  const phase = guide.phases[Math.min(phaseIndex, guide.phases.length - 1)]!;
  const cards = guide.constraintCards.filter((c) => c.phase === phase.id);

  return (
    <div className="guide-panel" data-testid="interviewer-guide">
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
      {cards.length > 0 && (
        <>
          <h3>Constraint cards for this phase</h3>
          <ul className="bullets">
            {cards.map((card) => (
              <li key={card.id}>
                <strong>{card.title}.</strong> {card.text}
              </li>
            ))}
          </ul>
        </>
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
    </div>
  );
}
