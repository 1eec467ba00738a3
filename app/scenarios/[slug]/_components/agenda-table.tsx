import type { Phase } from '@/server/scenarios/schema';

/**
 * One table for both durations when they share phases (the usual case: the
 * 60-minute plan gives the same phases more time); two lists otherwise.
 */
export function AgendaTable({ phases }: { phases: Record<45 | 60, Phase[]> }) {
  const sameShape = phases[45].length === phases[60].length && phases[45].every((p, i) => p.id === phases[60][i]!.id);
  if (!sameShape) {
    return (
      <div className="agenda-cols">
        {([45, 60] as const).map((duration) => (
          <div key={duration}>
            <h3>{duration} minutes</h3>
            <ol className="agenda" data-testid={`agenda-${duration}`}>
              {phases[duration].map((phase) => (
                <li key={phase.id}>
                  <div className="agenda-row">
                    <strong>{phase.title}</strong>
                    <span className="mono">{phase.minutes} min</span>
                  </div>
                  <p className="muted small">{phase.goal}</p>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
    );
  }
  return (
    <table className="table agenda-table" data-testid="agenda">
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col" className="num">
            45 min
          </th>
          <th scope="col" className="num">
            60 min
          </th>
        </tr>
      </thead>
      <tbody>
        {phases[60].map((phase, i) => (
          <tr key={phase.id}>
            <td>
              <strong>{phase.title}</strong>
              <div className="muted">{phase.goal}</div>
            </td>
            <td className="num mono">{phases[45][i]!.minutes}</td>
            <td className="num mono">{phase.minutes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
