'use client';

/**
 * The side panel, by what the reader's scope holds: for interviewers (and
 * links they shared) the final scores, the wrap-up and the notes in time
 * order; for the candidate (and links they shared) exactly what was
 * released, and the cards that were played. Notes and cards seek the player.
 */
import type { Review } from '@/lib/api/review';
import { LEVEL_ESTIMATE_LABELS, RECOMMENDATION_LABELS } from '@/lib/rubric/evaluation';
import { SCORE_SCALE } from '@/lib/rubric/score-scale';
import { formatAxis } from './use-playback';

interface Props {
  panel: Review['panel'];
  onSeek: (ms: number) => void;
  /** Axis ms of the axis start, to place cards stamped on the wall clock. */
  axisStartMs: number;
  durationMs: number;
}

function scoreLabel(score: number | null | undefined): string {
  return score === null || score === undefined ? 'Not scored' : `${score} of 4`;
}

/** The scale's words for a score, shown on hover: the panel is narrow. */
function scoreMeaning(score: number | null | undefined): string | undefined {
  return score === null || score === undefined ? undefined : SCORE_SCALE[score as 1 | 2 | 3 | 4]?.label;
}

export function ReviewPanel({ panel, onSeek, axisStartMs, durationMs }: Props) {
  if (panel.kind === 'interviewer') {
    return (
      <div className="review-panel" data-testid="review-panel" data-kind="interviewer">
        {panel.evaluations.length === 0 && <p className="muted small">No interviewer scored this session.</p>}
        {panel.evaluations.map((evaluation) => (
          <section key={evaluation.evaluatorName} className="review-panel-section" aria-label={`Evaluation by ${evaluation.evaluatorName}`}>
            <h2>
              Scores by {evaluation.evaluatorName}
              <span className={`chip ${evaluation.releasedAt ? 'chip-ok' : 'chip-muted'}`}>{evaluation.releasedAt ? 'released' : 'not released'}</span>
            </h2>
            <dl className="review-scores">
              {evaluation.scores.map((s) => (
                <div key={s.dimensionId}>
                  <dt>{s.title}</dt>
                  <dd data-score={s.score ?? ''} title={scoreMeaning(s.score)}>
                    {scoreLabel(s.score)}
                  </dd>
                </div>
              ))}
            </dl>
            {(evaluation.recommendation || evaluation.levelEstimate) && (
              <p className="small">
                {evaluation.recommendation && <>Recommendation: <strong>{RECOMMENDATION_LABELS[evaluation.recommendation]}</strong>. </>}
                {evaluation.levelEstimate && <>Level: <strong>{LEVEL_ESTIMATE_LABELS[evaluation.levelEstimate]}</strong>.</>}
              </p>
            )}
            {evaluation.candidateFeedback && (
              <details className="review-wrapup">
                <summary>Written feedback</summary>
                <p>{evaluation.candidateFeedback}</p>
              </details>
            )}
          </section>
        ))}
        <section className="review-panel-section" aria-label="Notes">
          <h2>Notes</h2>
          {panel.notes.length === 0 ? (
            <p className="muted small">No notes were taken.</p>
          ) : (
            <ol className="review-note-list">
              {panel.notes.map((note) => (
                <li key={note.id}>
                  <button type="button" className="review-note" data-testid="review-note" data-at-ms={Math.round(note.atMs)} onClick={() => onSeek(note.atMs)}>
                    <span className="review-note-time">{formatAxis(note.atMs)}</span>
                    <span className="review-note-text">{note.text}</span>
                    <span className="review-note-meta">
                      {note.phaseTitle} · {note.authorName}
                    </span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    );
  }
  return (
    <div className="review-panel" data-testid="review-panel" data-kind="released">
      {panel.releases.map((release) => (
        <section key={release.releasedAt + release.evaluatorName} className="review-panel-section" aria-label={`Feedback from ${release.evaluatorName}`}>
          <h2>Feedback from {release.evaluatorName}</h2>
          {release.dimensions && (
            <dl className="review-scores">
              {release.dimensions.map((d) => (
                <div key={d.id}>
                  <dt>{d.title}</dt>
                  <dd title={scoreMeaning(d.score)}>{d.score === undefined ? 'Score not shared' : scoreLabel(d.score)}</dd>
                </div>
              ))}
            </dl>
          )}
          {(release.recommendation || release.levelEstimate) && (
            <p className="small">
              {release.recommendation && <>Recommendation: <strong>{RECOMMENDATION_LABELS[release.recommendation]}</strong>. </>}
              {release.levelEstimate && <>Level: <strong>{LEVEL_ESTIMATE_LABELS[release.levelEstimate]}</strong>.</>}
            </p>
          )}
          {release.redFlags && (
            <p className="small">
              Red flags ticked: {release.redFlags.length ? <strong>{release.redFlags.join('; ')}</strong> : 'none'}.
            </p>
          )}
          <details className="review-wrapup" open>
            <summary>Written feedback</summary>
            {release.feedback.split(/\n{2,}/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </details>
        </section>
      ))}
      <section className="review-panel-section" aria-label="Cards played">
        <h2>Cards played</h2>
        {panel.cards.length === 0 ? (
          <p className="muted small">No constraint cards were played.</p>
        ) : (
          <ol className="review-note-list">
            {panel.cards.map((card) => {
              const atMs = Math.min(durationMs, Math.max(0, new Date(card.revealedAt).getTime() - axisStartMs));
              return (
                <li key={card.id}>
                  <button type="button" className="review-note" data-testid="review-card" onClick={() => onSeek(atMs)}>
                    <span className="review-note-time">{formatAxis(atMs)}</span>
                    <span className="review-note-text">
                      <strong>{card.title}.</strong> {card.prompt}
                    </span>
                    <span className="review-note-meta">{card.phaseTitle}</span>
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
