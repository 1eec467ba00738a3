'use client';

import type { ReactNode } from 'react';
import type { EvaluationView, RevealedCard, RubricView } from '@/lib/rubric/evaluation';
import { GuidePanel } from './guide-panel';
import { NotesPanel } from './notes-panel';
import { RubricPanel } from './rubric-panel';
import { SaveStatus } from './save-status';
import { useEvaluation } from './use-evaluation';
import type { RoomFeed } from '../room/use-room';
import { SideTabs } from '../room/side-tabs';
import { WrapUpPanel } from './wrap-up-panel';

import type { InterviewerTab } from './tabs';

interface Props {
  interviewId: string;
  userId: string;
  phaseIndex: number;
  ended: boolean;
  cards: RevealedCard[];
  onCardRevealed: (card: RevealedCard) => void;
  subscribe: (fn: (event: RoomFeed) => void) => () => void;
  /** The selected tab, owned by the room (it is remembered per interview, and the ended card opens the wrap-up). */
  tab: InterviewerTab;
  onTab: (tab: InterviewerTab) => void;
  /** The candidate prompt, as everyone sees it. */
  problem: ReactNode;
  /** The constraint cards played so far, as everyone sees them. */
  playedCards: ReactNode;
}

/**
 * The interviewer's side column in tabs: the problem and the played cards
 * (what everyone sees), then the guide, rubric, notes and wrap-up. Every piece
 * of the last four arrives from policy-checked endpoints after the page loads; none of it is
 * in the page the server renders, so a candidate's page never carries it.
 */
export function InterviewerPanel({ interviewId, userId, phaseIndex, ended, cards, onCardRevealed, subscribe, tab, onTab, problem, playedCards }: Props) {
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
    onTab('rubric');
    requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>(`[data-dimension="${CSS.escape(dimensionId)}"] input`);
      first?.scrollIntoView({ block: 'center' });
      first?.focus();
    });
  }

  return (
    <section className="panel interviewer-panel" aria-labelledby="iv-h">
      <SideTabs
        label="Room panel"
        selected={tab}
        onSelect={onTab}
        head={
          <>
            <div className="panel-head">
              <h2 id="iv-h">Interviewer</h2>
              <SaveStatus save={save} />
            </div>
            {save.status === 'failed' && save.message && (
              <p className="field-error" role="alert">
                Not saved: {save.message}
              </p>
            )}
          </>
        }
        tabs={[
          { id: 'problem', label: 'Problem', content: problem },
          { id: 'cards', label: 'Cards', badge: cards.length, content: playedCards },
          {
            id: 'guide',
            label: 'Guide',
            content: <GuidePanel interviewId={interviewId} phaseIndex={phaseIndex} revealed={cards} onRevealed={onCardRevealed} canReveal={!ended} />,
          },
          {
            id: 'rubric',
            label: 'Rubric',
            content: ready((r, e) => (
              <RubricPanel rubric={r} evaluation={e} readOnly={released} onScore={(dimensionId, score) => update({ scores: { [dimensionId]: { score } } })} onMark={mark} />
            )),
          },
          { id: 'notes', label: 'Notes', content: <NotesPanel interviewId={interviewId} userId={userId} subscribe={subscribe} /> },
          {
            id: 'wrap-up',
            label: 'Wrap-up',
            content: ready((r, e) => (
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
            )),
          },
        ]}
      />
    </section>
  );
}
