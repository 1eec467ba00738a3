import type { Scenario } from '@/server/scenarios/library';
import { LEVELS } from '@/server/scenarios/schema';
import { label } from '@/lib/scenarios/labels';

const SCORES = [1, 2, 3, 4] as const;

export function RubricSection({ rubric }: { rubric: Scenario['rubric'] }) {
  return (
    <section className="card section-card" aria-labelledby="rubric-h">
      <h2 id="rubric-h">Rubric</h2>
      <p className="muted small">Score each dimension from 1 to 4 against the anchors; the signals are what to listen for here.</p>
      {rubric.dimensions.map((dimension) => (
        <div key={dimension.id} className="dimension" data-testid="rubric-dimension">
          <h3>{dimension.title}</h3>
          <p className="muted small">{dimension.description}</p>
          <table className="table anchors">
            <tbody>
              {SCORES.map((score) => (
                <tr key={score}>
                  <th scope="row" className="mono">
                    {score}
                  </th>
                  <td>{dimension.anchors[score]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="signals-label">Signals in this scenario</p>
          <ul className="bullets">
            {(rubric.signals[dimension.id] ?? []).map((signal) => (
              <li key={signal}>{signal}</li>
            ))}
          </ul>
        </div>
      ))}

      <h3>Red flags</h3>
      <ul className="bullets red-flags">
        {rubric.redFlags.map((flag) => (
          <li key={flag}>{flag}</li>
        ))}
      </ul>

      <h3>Expectations by level</h3>
      <div className="level-cols">
        {LEVELS.map((level) => (
          <div key={level} className="level-col">
            <h4>{label(level)}</h4>
            <ul className="bullets">
              {rubric.levelExpectations[level].map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
