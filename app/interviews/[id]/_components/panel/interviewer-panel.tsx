'use client';

import { useState } from 'react';
import type { EvaluationView, RevealedCard, RubricView } from '@/lib/rubric/evaluation';
import { GuidePanel } from './guide-panel';
import { NotesPanel } from './notes-panel';
import { RubricPanel } from './rubric-panel';
import { SaveStatus } from './save-status';
import { useEvaluation } from './use-evaluation';
import type { RoomFeed } from '../room/use-room';
import { WrapUpPanel } from './wrap-up-panel';

const TABS = ['guide', 'rubric', 'notes', 'wrap-up'] as const;
type Tab = (typeof TABS)[number];
const LABELS: Record<Tab, string> = { guide: 'Guide', rubric: 'Rubric', notes: 'Notes', 'wrap-up': 'Wrap-up' };

interface Props {
  interviewId: string;
  userId: string;
  phaseIndex: number;
  ended: boolean;
  cards: RevealedCard[];
  onCardRevealed: (card: RevealedCard) => void;
  subscribe: (fn: (event: RoomFeed) => void) => () => void;
}

/**
 * Interviewers only: guide, rubric, notes and wrap-up in tabs. Every piece
 * arrives from policy-checked endpoints after the page loads; none of it is
 * in the page the server renders, so a candidate's page never carries it.
 */
export function InterviewerPanel({ interviewId, userId, phaseIndex, ended, cards, onCardRevealed, subscribe }: Props) {
  const [tab, setTab] = useState<Tab>(ended ? 'wrap-up' : 'guide');
  const { rubric, evaluation, save, loadError, update, mark, flush, setEvaluation } = useEvaluation(interviewId);
  const released = evaluation?.releasedAt != null;
  const ready = (render: (r: RubricView, e: EvaluationView) => React.ReactNode) =>
    loadError ? (
      <p className="field-error" role="alert">
        {loadError}
      </p>
    ) : rubric && evaluation ? (
      render(rubric, evaluation)
    ) : (
      <p className="muted small">Loading the rubric…</p>
    );

  // From the wrap-up's release checks: open the rubric at the dimension still to score.
  function showDimension(dimensionId: string) {
    setTab('rubric');
    requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>(`[data-dimension="${CSS.escape(dimensionId)}"] input`);
      first?.scrollIntoView({ block: 'center' });
      first?.focus();
    });
  }

  // Arrow keys move between tabs, as in every tablist users know.
  function onKey(event: React.KeyboardEvent) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length]!;
    setTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  }

  return (
    <section className="panel interviewer-panel" aria-labelledby="iv-h">
      <div className="panel-head">
        <h2 id="iv-h">Interviewer</h2>
        <SaveStatus save={save} />
      </div>
      <div role="tablist" aria-label="Interviewer tools" className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t}
            id={`tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`tabpanel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className="tab"
            onClick={() => setTab(t)}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      {save.status === 'failed' && save.message && (
        <p className="field-error" role="alert">
          Not saved: {save.message}
        </p>
      )}
      {/* Every tab stays mounted (only hidden), so a half-typed note survives a look at the rubric. */}
      <div role="tabpanel" id="tabpanel-guide" aria-labelledby="tab-guide" className="tabpanel" hidden={tab !== 'guide'}>
        <GuidePanel interviewId={interviewId} phaseIndex={phaseIndex} revealed={cards} onRevealed={onCardRevealed} canReveal={!ended} />
      </div>
      <div role="tabpanel" id="tabpanel-rubric" aria-labelledby="tab-rubric" className="tabpanel" hidden={tab !== 'rubric'}>
        {ready(
          (r, e) => (
            <RubricPanel rubric={r} evaluation={e} readOnly={released} onScore={(dimensionId, score) => update({ scores: { [dimensionId]: { score } } })} onMark={mark} />
          ),
        )}
      </div>
      <div role="tabpanel" id="tabpanel-notes" aria-labelledby="tab-notes" className="tabpanel" hidden={tab !== 'notes'}>
        <NotesPanel interviewId={interviewId} userId={userId} subscribe={subscribe} />
      </div>
      <div role="tabpanel" id="tabpanel-wrap-up" aria-labelledby="tab-wrap-up" className="tabpanel" hidden={tab !== 'wrap-up'}>
        {ready((r, e) => (
          <WrapUpPanel
            interviewId={interviewId}
            rubric={r}
            evaluation={e}
            ended={ended}
            update={update}
            flush={flush}
            saving={save.status === 'saving' || save.status === 'retrying'}
            onReleased={(releasedAt) => setEvaluation((x) => (x ? { ...x, releasedAt } : x))}
            showDimension={showDimension}
          />
        ))}
      </div>
    </section>
  );
}
