'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { releaseFeedback } from '@/lib/api/evaluation';
import {
  LEVEL_ESTIMATE_LABELS,
  LEVEL_ESTIMATES,
  MAX_FEEDBACK_CHARS,
  MAX_SUMMARY_CHARS,
  RECOMMENDATION_LABELS,
  RECOMMENDATIONS,
  type EvaluationPatch,
  type EvaluationView,
  type ReleaseInput,
  type RubricView,
} from '@/lib/rubric/evaluation';
import { releaseProblems, type ReleaseProblem } from '@/lib/rubric/release-check';

interface Props {
  interviewId: string;
  rubric: RubricView;
  evaluation: EvaluationView;
  ended: boolean;
  update: (patch: EvaluationPatch, options?: { debounce?: boolean }) => void;
  /** Sends any typing still waiting for its debounce. */
  flush: () => void;
  onReleased: (releasedAt: string) => void;
  /** While anything is unsaved the release waits, so it freezes exactly what is on screen. */
  saving: boolean;
  /** Takes the interviewer to a dimension in the Rubric tab, to score it. */
  showDimension: (dimensionId: string) => void;
}

const PARTS: { key: keyof ReleaseInput['include']; label: string }[] = [
  { key: 'scores', label: 'Scores per dimension' },
  { key: 'summaries', label: 'Per-dimension summaries' },
  { key: 'recommendation', label: 'Overall recommendation' },
  { key: 'levelEstimate', label: 'Level estimate' },
  { key: 'recording', label: 'Recording and board replay' },
  // Off by default: a red flag is blunt, so showing one is the interviewer's explicit choice.
  { key: 'redFlags', label: 'The red flags you ticked' },
];

/**
 * The wrap-up: recommendation, level estimate, per-dimension summaries
 * (private unless chosen for release) and the feedback the candidate reads.
 * Release freezes exactly the ticked parts; nothing else ever reaches them.
 */
export function WrapUpPanel({ interviewId, rubric, evaluation, ended, update, flush, onReleased, saving, showDimension }: Props) {
  const released = evaluation.releasedAt !== null;
  const [include, setInclude] = useState<Required<ReleaseInput['include']>>({ scores: false, summaries: false, recommendation: false, levelEstimate: false, recording: false, redFlags: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Once a release has been tried, what stops it stays listed (and shrinks as it is fixed).
  const [checked, setChecked] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const problems = releaseProblems({ ...evaluation, scoreOf: (id) => evaluation.scores[id]?.score }, rubric.dimensions, include);
  const parts = ['your written feedback', ...PARTS.filter((p) => include[p.key]).map((p) => p.label.toLowerCase())];

  // The same checks the server makes, before anyone is asked to confirm.
  function requestRelease() {
    setError(null);
    setChecked(true);
    if (problems.length === 0) setConfirming(true);
  }
  const leaveOut = (key: keyof ReleaseInput['include']) => setInclude((i) => ({ ...i, [key]: false }));

  async function release() {
    setConfirming(false);
    flush();
    setBusy(true);
    setError(null);
    try {
      const released = await apiFetch(releaseFeedback, { params: { id: interviewId }, body: { include } });
      onReleased(released.releasedAt);
    } catch (error) {
      setError(failureMessage(error, { offline: 'Could not release: no connection. Nothing was sent to the candidate.', refused: (status) => `Could not release (HTTP ${status}).` }));
    } finally {
      setBusy(false);
    }
  }

  // Shown above the locked form and again where the release button was, so it is in view either way.
  const releasedNote = (
    <p className="alert alert-success small" role="status">
      Released {new Date(evaluation.releasedAt ?? 0).toLocaleString()}. The candidate can read it from their dashboard.{' '}
      <a href={`/interviews/${interviewId}/feedback`}>See what they see</a>
    </p>
  );

  return (
    <div className="wrap-up" data-testid="wrap-up">
      {released && releasedNote}
      <fieldset className="segmented stacked" disabled={released}>
        <legend>Recommendation</legend>
        {RECOMMENDATIONS.map((r) => (
          <label key={r}>
            <input type="radio" name="recommendation" checked={evaluation.recommendation === r} onChange={() => update({ recommendation: r })} /> {RECOMMENDATION_LABELS[r]}
          </label>
        ))}
      </fieldset>
      <fieldset className="segmented stacked" disabled={released}>
        <legend>Estimated level</legend>
        {LEVEL_ESTIMATES.map((l) => (
          <label key={l}>
            <input type="radio" name="level-estimate" checked={evaluation.levelEstimate === l} onChange={() => update({ levelEstimate: l })} /> {LEVEL_ESTIMATE_LABELS[l]}
          </label>
        ))}
      </fieldset>
      <h3>Per-dimension summaries</h3>
      <p className="muted tiny">Private to you unless you include them in the release.</p>
      {rubric.dimensions.map((d) => (
        <div className="field" key={d.id}>
          <label htmlFor={`summary-${d.id}`}>
            {d.title} <span className="muted">· {evaluation.scores[d.id]?.score ? `${evaluation.scores[d.id]!.score}/4` : 'not scored'}</span>
          </label>
          <textarea
            id={`summary-${d.id}`}
            className="textarea"
            rows={2}
            maxLength={MAX_SUMMARY_CHARS}
            disabled={released}
            value={evaluation.scores[d.id]?.summary ?? ''}
            onChange={(e) => update({ scores: { [d.id]: { summary: e.target.value } } }, { debounce: true })}
          />
        </div>
      ))}
      <div className="field candidate-feedback">
        <label htmlFor="candidate-feedback">Feedback for the candidate</label>
        <p className="field-hint">The candidate reads exactly this text once you release it. Your notes and anything not ticked below stay private.</p>
        <textarea
          id="candidate-feedback"
          className="textarea"
          rows={6}
          maxLength={MAX_FEEDBACK_CHARS}
          disabled={released}
          value={evaluation.candidateFeedback}
          onChange={(e) => update({ candidateFeedback: e.target.value }, { debounce: true })}
        />
      </div>
      {!released && (
        <fieldset className="segmented stacked release-options" disabled={!ended}>
          <legend>Also release</legend>
          {PARTS.map((p) => (
            <label key={p.key}>
              <input type="checkbox" checked={include[p.key]} onChange={(e) => setInclude((i) => ({ ...i, [p.key]: e.target.checked }))} /> {p.label}
            </label>
          ))}
        </fieldset>
      )}
      {!released && checked && problems.length > 0 && (
        <ul className="release-problems" role="alert" data-testid="release-problems">
          {problems.map((p) => (
            <ProblemItem key={p.field} problem={p} leaveOut={leaveOut} showDimension={showDimension} />
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <ConfirmDialog open={confirming} title="Release feedback to the candidate?" action="Release feedback" onConfirm={() => void release()} onCancel={() => setConfirming(false)}>
        <p>They will be able to read {joinWords(parts)}.</p>
        <p>
          <strong>This cannot be undone or edited afterwards.</strong>
        </p>
      </ConfirmDialog>
      {released && releasedNote}
      {!released &&
        (ended ? (
          <button type="button" className="btn btn-primary btn-block" disabled={busy || saving} onClick={requestRelease}>
            {busy ? 'Releasing…' : 'Release feedback to the candidate'}
          </button>
        ) : (
          <p className="muted small">You can release feedback once the interview has ended.</p>
        ))}
    </div>
  );
}

function joinWords(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function focusField(selector: string) {
  document.querySelector<HTMLElement>(selector)?.focus();
}

/** One reason the release would be refused, said plainly, with the ways out of it beside it. */
function ProblemItem({
  problem,
  leaveOut,
  showDimension,
}: {
  problem: ReleaseProblem;
  leaveOut: (key: keyof ReleaseInput['include']) => void;
  showDimension: (dimensionId: string) => void;
}) {
  const fix = (label: string, onClick: () => void) => (
    <button type="button" className="btn btn-small btn-secondary" onClick={onClick}>
      {label}
    </button>
  );
  switch (problem.field) {
    case 'candidateFeedback':
      return (
        <li>
          <p>The candidate has no written feedback to read yet.</p>
          <div className="fixes">{fix('Write the feedback', () => focusField('#candidate-feedback'))}</div>
        </li>
      );
    case 'recommendation':
      return (
        <li>
          <p>You ticked the overall recommendation, but have not chosen one.</p>
          <div className="fixes">
            {fix('Choose a recommendation', () => focusField('input[name="recommendation"]'))}
            {fix('Leave it out', () => leaveOut('recommendation'))}
          </div>
        </li>
      );
    case 'levelEstimate':
      return (
        <li>
          <p>You ticked the level estimate, but have not chosen a level.</p>
          <div className="fixes">
            {fix('Choose a level', () => focusField('input[name="level-estimate"]'))}
            {fix('Leave it out', () => leaveOut('levelEstimate'))}
          </div>
        </li>
      );
    case 'scores':
      return (
        <li>
          <p>
            You ticked scores, but {problem.missing.length === 1 ? 'one dimension has' : `${problem.missing.length} dimensions have`} no score yet:{' '}
            <strong data-testid="unscored">{problem.missing.map((d) => d.title).join(', ')}</strong>.
          </p>
          <div className="fixes">
            {fix('Score in the Rubric tab', () => showDimension(problem.missing[0]!.id))}
            {fix('Leave scores out', () => leaveOut('scores'))}
          </div>
        </li>
      );
  }
}
