'use client';

import { useState } from 'react';
import { formatClock } from '@/lib/timer/timer';
import { label } from '@/lib/scenarios/labels';
import { SCORES, type EvaluationView, type MarkInput, type MarkView, type RubricView, type Score } from '@/lib/rubric/evaluation';

interface Props {
  rubric: RubricView;
  evaluation: EvaluationView;
  readOnly: boolean;
  onScore: (dimensionId: string, score: Score) => void;
  onMark: (mark: MarkInput) => void;
}

function stampText(mark: MarkView | undefined): string | null {
  if (!mark) return null;
  // -1 marks a tick the server has not stamped yet.
  return mark.sessionMs < 0 ? 'saving…' : `${formatClock(mark.sessionMs)} · ${mark.phaseTitle}`;
}

function Dimension({ dimension, evaluation, readOnly, onScore, onMark }: Omit<Props, 'rubric'> & { dimension: RubricView['dimensions'][number] }) {
  const [preview, setPreview] = useState<Score | null>(null);
  const current = evaluation.scores[dimension.id]?.score ?? null;
  const shown = preview ?? current;
  const marks = new Map(evaluation.marks.filter((m) => m.kind === 'signal' && m.dimensionId === dimension.id).map((m) => [m.index, m]));
  return (
    <fieldset className="dimension" data-dimension={dimension.id} disabled={readOnly}>
      <legend className="dimension-title">{dimension.title}</legend>
      <div className="score-row" role="radiogroup" aria-label={`Score for ${dimension.title}`} onMouseLeave={() => setPreview(null)}>
        {SCORES.map((score) => (
          <label key={score} className="score-option" data-selected={current === score} onMouseEnter={() => setPreview(score)}>
            <input
              type="radio"
              name={`score-${dimension.id}`}
              value={score}
              checked={current === score}
              onChange={() => onScore(dimension.id, score)}
              onFocus={() => setPreview(score)}
              onBlur={() => setPreview(null)}
              aria-label={`${score}: ${dimension.anchors[score]}`}
            />
            <span aria-hidden>{score}</span>
          </label>
        ))}
      </div>
      <p className="anchor small" data-testid="anchor">
        {shown ? (
          <>
            <strong>{shown}.</strong> {dimension.anchors[shown]}
          </>
        ) : (
          <span className="muted">Not scored. Hover a number to read its anchor.</span>
        )}
      </p>
      {dimension.signals.length > 0 && (
        <ul className="checks" aria-label={`Signals for ${dimension.title}`}>
          {dimension.signals.map((signal, index) => {
            const mark = marks.get(index);
            return (
              <li key={index}>
                <label>
                  <input type="checkbox" checked={Boolean(mark)} onChange={(e) => onMark({ kind: 'signal', dimensionId: dimension.id, index, checked: e.target.checked })} />
                  <span>{signal}</span>
                </label>
                {mark && <span className="stamp tiny">{stampText(mark)}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

/** Scores 1–4 with behavioural anchors, signals ticked on the session clock, and red flags. */
export function RubricPanel(props: Props) {
  const { rubric, evaluation, readOnly, onMark } = props;
  const flags = new Map(evaluation.marks.filter((m) => m.kind === 'red_flag').map((m) => [m.index, m]));
  const scored = rubric.dimensions.filter((d) => evaluation.scores[d.id]?.score).length;
  return (
    <div className="rubric-panel" data-testid="rubric">
      <p className="muted small">
        {scored} of {rubric.dimensions.length} dimensions scored. Your scores are yours alone; co-interviewers score separately.
      </p>
      <details className="level-expectations">
        <summary>What each level looks like</summary>
        {(['senior', 'staff', 'principal'] as const).map((level) => (
          <div key={level}>
            <h4>{label(level)}</h4>
            <ul className="bullets">
              {rubric.levelExpectations[level].map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        ))}
      </details>
      {rubric.dimensions.map((dimension) => (
        <Dimension key={dimension.id} dimension={dimension} {...props} />
      ))}
      <fieldset className="dimension red-flags" disabled={readOnly}>
        <legend className="dimension-title">Red flags</legend>
        <ul className="checks" aria-label="Red flags">
          {rubric.redFlags.map((flag, index) => {
            const mark = flags.get(index);
            return (
              <li key={index}>
                <label>
                  <input type="checkbox" checked={Boolean(mark)} onChange={(e) => onMark({ kind: 'red_flag', index, checked: e.target.checked })} />
                  <span>{flag}</span>
                </label>
                {mark && <span className="stamp tiny">{stampText(mark)}</span>}
              </li>
            );
          })}
        </ul>
      </fieldset>
    </div>
  );
}
