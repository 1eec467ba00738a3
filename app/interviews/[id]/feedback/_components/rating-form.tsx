'use client';

import { useState, type FormEvent } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { RATING_ASPECTS, RATING_COMMENT_MAX, rateInterviewer, type RatingAspect, type RatingView } from '@/lib/api/ratings';

const SCALE = [1, 2, 3, 4, 5] as const;
const SCALE_WORDS: Record<(typeof SCALE)[number], string> = { 1: 'poor', 2: 'weak', 3: 'fair', 4: 'good', 5: 'excellent' };

type Scores = Record<RatingAspect, number | null>;

interface Props {
  interviewId: string;
  interviewer: { id: string; name: string };
  /** What the candidate gave before, if anything. */
  initial: RatingView | null;
  /** The session had more than one interviewer: the request names this one. */
  named: boolean;
}

/**
 * The candidate rates how one interviewer ran the round: three 1–5 radio
 * groups (arrow keys move within each) and a comment. Saving again replaces
 * the earlier rating; only that interviewer ever reads it.
 */
export function RatingForm({ interviewId, interviewer, initial, named }: Props) {
  const [scores, setScores] = useState<Scores>({ clarity: initial?.clarity ?? null, hints: initial?.hints ?? null, feedback: initial?.feedback ?? null });
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [saved, setSaved] = useState<RatingView | null>(initial);
  const [dirty, setDirty] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const prefix = `rate-${interviewer.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = RATING_ASPECTS.find((a) => scores[a.key] === null);
    if (missing) return setError(`Rate "${missing.label.toLowerCase()}" from 1 to 5.`);
    setPending(true);
    setError(null);
    try {
      const body = { clarity: scores.clarity!, hints: scores.hints!, feedback: scores.feedback!, comment, ...(named && { interviewerId: interviewer.id }) };
      setSaved(await apiFetch(rateInterviewer, { params: { id: interviewId }, body }));
      setDirty(false);
    } catch (failure) {
      setError(
        failureMessage(failure, {
          offline: 'Could not save your rating: no connection. Try again.',
          refused: (status) => `Could not save your rating (HTTP ${status}).`,
        }),
      );
    } finally {
      setPending(false);
    }
  }

  const change = (update: () => void) => {
    update();
    setDirty(true);
  };

  return (
    <form className="card rating-card" onSubmit={submit} data-testid="rating-form" data-interviewer={interviewer.id} aria-labelledby={`${prefix}-h`}>
      <h2 id={`${prefix}-h`}>Rate your interviewer{named ? `: ${interviewer.name}` : ''}</h2>
      <p className="muted small">How did {interviewer.name} run this round? Only {interviewer.name} reads this. You can change it later.</p>
      {RATING_ASPECTS.map((aspect) => (
        <fieldset key={aspect.key} className="field segmented rating-scale" data-aspect={aspect.key}>
          <legend>{aspect.label}</legend>
          {SCALE.map((n) => (
            <label key={n} title={SCALE_WORDS[n]}>
              <input
                type="radio"
                name={`${prefix}-${aspect.key}`}
                value={n}
                checked={scores[aspect.key] === n}
                onChange={() => change(() => setScores((s) => ({ ...s, [aspect.key]: n })))}
                aria-label={`${n} of 5, ${SCALE_WORDS[n]}`}
              />
              {n}
            </label>
          ))}
        </fieldset>
      ))}
      <div className="field">
        <label htmlFor={`${prefix}-comment`}>Comment (optional)</label>
        <textarea
          id={`${prefix}-comment`}
          className="textarea"
          rows={3}
          maxLength={RATING_COMMENT_MAX}
          value={comment}
          onChange={(e) => change(() => setComment(e.target.value))}
          placeholder="What helped, and what would have helped more?"
        />
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="rating-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Saving…' : saved ? 'Update rating' : 'Save rating'}
        </button>
        <span className="muted small" role="status" data-testid="rating-status" data-state={saved && !dirty ? 'saved' : dirty ? 'unsaved' : 'new'}>
          {saved && !dirty ? 'Saved. Thank you.' : dirty && saved ? 'Changed: save to update it.' : ''}
        </span>
      </div>
    </form>
  );
}

/** What the interviewer reads: how the candidate rated their interviewing. */
export function RatingsReceived({ ratings }: { ratings: RatingView[] }) {
  return (
    <>
      {ratings.map((r) => (
        <section key={r.raterName + r.updatedAt} className="card rating-card" data-testid="rating-received">
          <h2>How {r.raterName} rated your interviewing</h2>
          <dl className="rating-scores">
            {RATING_ASPECTS.map((a) => (
              <div key={a.key}>
                <dt>{a.label}</dt>
                <dd aria-label={`${r[a.key]} of 5`}>
                  <span className="rating-number">{r[a.key]}</span> / 5
                </dd>
              </div>
            ))}
          </dl>
          {r.comment && <blockquote className="rating-comment">{r.comment}</blockquote>}
          <p className="muted small">Only you see this rating.</p>
        </section>
      ))}
    </>
  );
}
