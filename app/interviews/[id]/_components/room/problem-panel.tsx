'use client';

import { useId, useState } from 'react';
import { Paragraphs } from '@/app/scenarios/_components/paragraphs';

/** What the page hands the room from candidateView(): the scenario's title and prompt, nothing else. */
export interface RoomProblem {
  title: string;
  prompt: string;
}

/** The candidate prompt, for everyone in the room. */
export function ProblemText({ problem }: { problem: RoomProblem }) {
  return (
    <div className="problem-text" data-testid="problem-text">
      <p className="problem-title">{problem.title}</p>
      <div className="prompt room-prompt">
        <Paragraphs text={problem.prompt} />
      </div>
      <p className="muted tiny">Ask clarifying questions before you design: the interviewer has the details.</p>
    </div>
  );
}

/**
 * The problem as a block that folds away, for candidates and observers, whose
 * side column has room for it above the cards. Open by default: it is the
 * first thing a candidate needs.
 */
export function ProblemBlock({ problem }: { problem: RoomProblem }) {
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  return (
    <section className="panel problem-panel" aria-labelledby={`${bodyId}-h`} data-testid="problem-panel" data-open={open}>
      <div className="panel-head">
        <h2 id={`${bodyId}-h`}>Problem</h2>
        <button type="button" className="btn btn-ghost btn-small" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide' : 'Show'}
          <span className="sr-only"> the problem</span>
        </button>
      </div>
      <div id={bodyId} hidden={!open}>
        <ProblemText problem={problem} />
      </div>
    </section>
  );
}
