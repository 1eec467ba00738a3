import { SCORES, type ReleasedFeedback, type Score } from '@/lib/rubric/evaluation';
import { SCORE_SCALE } from '@/lib/rubric/score-scale';

type Dimension = NonNullable<ReleasedFeedback['dimensions']>[number];
/** Per dimension id, the rubric's anchor for each score: only for viewers the policy lets read the rubric. */
export type AnchorsById = Record<string, Record<Score, string>>;

/** A four-step bar: filled up to the score, so "3 of 4" reads at a glance. */
function ScoreBar({ score }: { score: Score | null }) {
  return (
    <span className="score-bar" aria-hidden>
      {SCORES.map((step) => (
        <span key={step} className={score !== null && step <= score ? 'on' : undefined} />
      ))}
    </span>
  );
}

function ScoreTile({ dimension, anchors }: { dimension: Dimension; anchors?: Record<Score, string> }) {
  const score = dimension.score ?? null;
  return (
    <li className="score-tile" data-testid="score-tile" data-dimension={dimension.id} data-score={score ?? ''}>
      <h3>{dimension.title}</h3>
      <p className="score-figure" aria-label={score === null ? 'Not scored' : `${score} of 4`}>
        <span className="score-number">{score ?? '–'}</span>
        <span className="score-of">of 4</span>
      </p>
      <ScoreBar score={score} />
      <p className="score-label">{score === null ? 'Not scored' : SCORE_SCALE[score].label}</p>
      {score !== null && anchors && (
        <p className="score-anchor" data-testid="score-anchor">
          {anchors[score]}
        </p>
      )}
      {dimension.summary ? <p className="score-summary">{dimension.summary}</p> : null}
    </li>
  );
}

/** The scores first and largest, each with what its number means. */
export function ScoreBoard({ dimensions, anchors }: { dimensions: Dimension[]; anchors: AnchorsById | null }) {
  const scored = dimensions.some((d) => d.score !== undefined);
  return (
    <section aria-labelledby="scores-h" className="score-board">
      <h2 id="scores-h">{scored ? 'Scores' : 'By dimension'}</h2>
      <ul className="score-grid" aria-label={scored ? 'Score per dimension' : 'Notes per dimension'}>
        {dimensions.map((d) =>
          d.score !== undefined ? (
            <ScoreTile key={d.id} dimension={d} anchors={anchors?.[d.id]} />
          ) : (
            <li key={d.id} className="score-tile" data-testid="score-tile" data-dimension={d.id}>
              <h3>{d.title}</h3>
              <p className="score-summary">{d.summary || '–'}</p>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

/** The 1–4 scale in words, once per page. */
export function ScaleLegend({ withAnchors }: { withAnchors: boolean }) {
  return (
    <section className="card scale-legend" aria-labelledby="scale-h" data-testid="scale-legend">
      <h2 id="scale-h">How the 1–4 scale works</h2>
      <p className="muted small">
        Each dimension is scored against four described steps.{' '}
        {withAnchors
          ? 'The line under each score is the rubric’s own description of that step for that dimension.'
          : '3 is the bar for the level the interview was run at.'}
      </p>
      <ol className="scale-steps">
        {SCORES.map((step) => (
          <li key={step}>
            <span className="scale-step">{step}</span>
            <span>
              <strong>{SCORE_SCALE[step].label}.</strong> {SCORE_SCALE[step].meaning}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
