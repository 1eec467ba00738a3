import type { InterviewingSession } from '@/lib/api/progress';
import { formatDate } from '@/lib/time/format';
import { InterviewingChart, type SessionPoint } from './progress-charts';

const fmt = (n: number) => n.toFixed(1).replace(/\.0$/, '');

/**
 * The interviewer's side of peer practice: what candidates said about the
 * prompt, the hints and the feedback, per session this user interviewed in.
 */
export function InterviewingSection({ sessions, zone }: { sessions: InterviewingSession[]; zone: string }) {
  const points: SessionPoint[] = sessions.map((s, i) => ({ key: `i${i}`, date: formatDate(s.heldAt, zone), title: s.title }));
  return (
    <section className="card section-card" aria-labelledby="interviewing-h" data-testid="interviewing">
      <h2 id="interviewing-h">Your interviewing</h2>
      <p className="muted small">How your candidates rated the sessions you interviewed in, from 1 to 5. Only you see these.</p>
      <InterviewingChart sessions={sessions} points={points} />
      <div className="table-scroll">
        <table className="table progress-table" data-testid="interviewing-table">
          <caption className="sr-only">Candidates&rsquo; ratings of your interviewing per session (1 to 5)</caption>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Prompt</th>
              <th scope="col">Hints</th>
              <th scope="col">Feedback</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s, i) => (
              <tr key={s.interviewId} data-interview={s.interviewId}>
                <th scope="row">
                  {points[i]!.date} · {s.title}
                </th>
                <td>{fmt(s.clarity)}</td>
                <td>{fmt(s.hints)}</td>
                <td>{fmt(s.feedback)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
