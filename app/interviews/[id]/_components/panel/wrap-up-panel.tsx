'use client';

import { useState } from 'react';
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
}

const PARTS: { key: keyof ReleaseInput['include']; label: string }[] = [
  { key: 'scores', label: 'Scores per dimension' },
  { key: 'summaries', label: 'Per-dimension summaries' },
  { key: 'recommendation', label: 'Overall recommendation' },
  { key: 'levelEstimate', label: 'Level estimate' },
];

/**
 * The wrap-up: recommendation, level estimate, per-dimension summaries
 * (private unless chosen for release) and the feedback the candidate reads.
 * Release freezes exactly the ticked parts; nothing else ever reaches them.
 */
export function WrapUpPanel({ interviewId, rubric, evaluation, ended, update, flush, onReleased, saving }: Props) {
  const released = evaluation.releasedAt !== null;
  const [include, setInclude] = useState<ReleaseInput['include']>({ scores: false, summaries: false, recommendation: false, levelEstimate: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function release() {
    const parts = ['your written feedback', ...PARTS.filter((p) => include[p.key]).map((p) => p.label.toLowerCase())];
    if (!window.confirm(`Release to the candidate: ${parts.join(', ')}? This cannot be undone or edited afterwards.`)) return;
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
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {released && releasedNote}
      {!released &&
        (ended ? (
          <button type="button" className="btn btn-primary btn-block" disabled={busy || saving || !evaluation.candidateFeedback.trim()} onClick={() => void release()}>
            {busy ? 'Releasing…' : 'Release feedback to the candidate'}
          </button>
        ) : (
          <p className="muted small">You can release feedback once the interview has ended.</p>
        ))}
    </div>
  );
}
