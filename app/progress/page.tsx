import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { WEAKEST_WINDOW, type Progress } from '@/lib/api/progress';
import { LEVEL_ESTIMATE_LABELS, type Score } from '@/lib/rubric/evaluation';
import { SCORE_SCALE } from '@/lib/rubric/score-scale';
import { formatDate } from '@/lib/time/format';
import { readSession } from '@/server/auth/session';
import { readProgress } from '@/server/progress/progress';
import { readViewer } from '@/server/settings/profile';
import { RepracticeControl } from '../_components/repractice-control';
import { ZoneNote } from '../_components/zone-note';
import { InterviewingSection } from './_components/interviewing-section';
import { LevelChart, ScoreChart, type SessionPoint } from './_components/progress-charts';
import './progress.css';

export const metadata: Metadata = { title: 'Your progress' };

const scoreMeaning = (average: number) => SCORE_SCALE[Math.min(4, Math.max(1, Math.round(average))) as Score].label;

function ScoreTable({ progress, points }: { progress: Progress; points: SessionPoint[] }) {
  return (
    <div className="table-scroll">
      <table className="table progress-table" data-testid="score-table">
        <caption className="sr-only">Released score per dimension and session (1 to 4)</caption>
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            {points.map((p) => (
              <th scope="col" key={p.key} title={p.title}>
                {p.date}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {progress.dimensions.map((d) => (
            <tr key={d.id} data-dimension={d.id}>
              <th scope="row">{d.title}</th>
              {progress.sessions.map((s) => (
                <td key={s.interviewId} data-testid="score-cell">
                  {d.id in s.scores ? s.scores[d.id]!.toFixed(1).replace(/\.0$/, '') : '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LevelTable({ progress, points }: { progress: Progress; points: SessionPoint[] }) {
  return (
    <div className="table-scroll">
      <table className="table progress-table" data-testid="level-table">
        <caption className="sr-only">Released level estimates per session</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Level estimate</th>
          </tr>
        </thead>
        <tbody>
          {progress.sessions.map((s, i) => (
            <tr key={s.interviewId}>
              <th scope="row">
                {points[i]!.date} · {s.title}
              </th>
              <td>{s.levelEstimates.length ? s.levelEstimates.map((l) => LEVEL_ESTIMATE_LABELS[l]).join(', ') : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Empty() {
  return (
    <section className="card empty" aria-labelledby="empty-title" data-testid="progress-empty">
      <div className="empty-icon" aria-hidden>
        ↗
      </div>
      <h2 id="empty-title">No released feedback yet</h2>
      <p>
        Your progress is built from the feedback interviewers release to you after sessions where you were the candidate. Practise a scenario with a
        partner; once they release their feedback, your scores, level estimates and weakest dimensions show up here.
      </p>
      <Link href="/scenarios" className="btn btn-primary">
        Pick a scenario to practise
      </Link>
    </section>
  );
}

/** The signed-in user's progress as a candidate: released feedback only. */
export default async function ProgressPage() {
  const user = await readSession(await headers());
  if (!user) redirect('/signin?callbackUrl=/progress');
  const viewer = await readViewer(user.id);
  const progress = await readProgress(user.id);
  const zone = viewer.timeZone;
  // Two sessions on one day are numbered within it, so the axis and the table tell them apart.
  const dates = progress.sessions.map((s) => formatDate(s.heldAt, zone));
  const points: SessionPoint[] = progress.sessions.map((s, i) => {
    const sameDay = dates.filter((d) => d === dates[i]).length;
    const nth = dates.slice(0, i + 1).filter((d) => d === dates[i]).length;
    return { key: `s${i}`, date: sameDay > 1 ? `${dates[i]} (${nth})` : dates[i]!, title: s.title };
  });
  const anyLevel = progress.sessions.some((s) => s.levelEstimates.length > 0);
  const anyFlags = progress.sessions.some((s) => s.redFlagsReleased);

  return (
    <main className="main progress-page">
      <div className="page-head">
        <div>
          <h1>Your progress</h1>
          <p>As a candidate, from the feedback your interviewers released (nothing unreleased counts), and as an interviewer, from your candidates&rsquo; ratings.</p>
        </div>
        <Link href="/scenarios" className="btn btn-secondary">
          Scenario library
        </Link>
      </div>
      {progress.sessions.length === 0 && <Empty />}
      {progress.sessions.length === 0 && progress.interviewing.length > 0 && <InterviewingSection sessions={progress.interviewing} zone={zone} />}
      {progress.sessions.length > 0 && (
        <>
          <ZoneNote viewer={viewer} />
          <section className="card section-card" aria-labelledby="scores-h">
            <h2 id="scores-h">Scores per dimension</h2>
            {progress.dimensions.length === 0 ? (
              <p className="muted" data-testid="no-scores">
                None of your released feedback includes scores yet: interviewers choose whether to release them.
              </p>
            ) : (
              <>
                <p className="muted small">
                  One line per rubric dimension, one point per session ({progress.sessions.length} released). The scale: 1 below the bar,
                  2 approaching it, 3 meets the bar for the level the interview was run at, 4 exceeds it.
                </p>
                <ScoreChart sessions={progress.sessions} points={points} dimensions={progress.dimensions} />
                <ScoreTable progress={progress} points={points} />
              </>
            )}
          </section>

          <div className="progress-cols">
            <section className="card section-card" aria-labelledby="weak-h" data-testid="weakest">
              <h2 id="weak-h">Weakest dimensions</h2>
              {progress.weakest.length === 0 ? (
                <p className="muted">Appears once a release includes scores.</p>
              ) : (
                <>
                  <p className="muted small">Lowest averages over your last {WEAKEST_WINDOW} sessions with released scores.</p>
                  <ol className="weak-list">
                    {progress.weakest.map((w) => (
                      <li key={w.id} data-dimension={w.id}>
                        <strong>{w.title}</strong>{' '}
                        <span className="weak-figure">
                          {w.average.toFixed(1)} of 4 · {scoreMeaning(w.average).toLowerCase()}
                        </span>
                        <span className="muted small">
                          {' '}
                          over {w.sessions} {w.sessions === 1 ? 'session' : 'sessions'}
                        </span>
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </section>
            <section className="card section-card" aria-labelledby="flags-h" data-testid="repeated-flags">
              <h2 id="flags-h">Red flags seen more than once</h2>
              {progress.repeatedRedFlags.length > 0 ? (
                <ul className="bullets red-flags">
                  {progress.repeatedRedFlags.map((f) => (
                    <li key={f.title}>
                      {f.title} <span className="muted small">· {f.sessions} sessions, last {formatDate(f.lastSeen, zone)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">
                  {anyFlags
                    ? 'No red flag has come up in more than one session.'
                    : 'Red flags show here when interviewers choose to release the ones they ticked; none of your releases include them yet.'}
                </p>
              )}
            </section>
          </div>

          {anyLevel && (
            <section className="card section-card" aria-labelledby="level-h">
              <h2 id="level-h">Level estimates</h2>
              <LevelChart sessions={progress.sessions} points={points} />
              <LevelTable progress={progress} points={points} />
            </section>
          )}

          {progress.suggestions.length > 0 && (
            <section className="card section-card" aria-labelledby="next-h" data-testid="suggestions">
              <h2 id="next-h">Practise next</h2>
              <p className="muted small">
                Scenarios whose rubric listens hardest for your weakest dimensions, leaving out the ones you took part in over the last 30 days.
              </p>
              <ul className="suggestion-grid">
                {progress.suggestions.map((s) => (
                  <li key={s.slug} className="suggestion" data-slug={s.slug}>
                    <h3>{s.title}</h3>
                    <p className="small">{s.summary}</p>
                    <p className="small">
                      Works on: <strong>{s.exercises.map((e) => e.title).join(', ')}</strong>
                    </p>
                    <Link href={`/scenarios/${encodeURIComponent(s.slug)}/practice`} className="btn btn-primary btn-small">
                      Practise this scenario<span className="sr-only">: {s.title}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section className="card section-card" aria-labelledby="sessions-h" data-testid="progress-sessions">
            <h2 id="sessions-h">Re-practice</h2>
            <p className="muted small">
              Coming back to a session 4, 7 and 14 days later is the spaced schedule the prep guides recommend. We email you on each day.
            </p>
            {progress.upcoming.length > 0 && (
              <div data-testid="upcoming">
                <h3>Upcoming</h3>
                <ul className="bullets">
                  {progress.upcoming.map((r) => (
                    <li key={`${r.interviewId}-${r.dayOffset}`}>
                      {formatDate(r.dueAt, zone)}: day {r.dayOffset} after {r.title}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <ul className="session-list">
              {[...progress.sessions].reverse().map((s) => (
                <li key={s.interviewId} className="session-row">
                  <div>
                    <Link href={`/interviews/${s.interviewId}/feedback`}>{s.title}</Link>
                    <p className="muted small">{formatDate(s.heldAt, zone)}</p>
                  </div>
                  <RepracticeControl interviewId={s.interviewId} reminders={s.reminders} canRemind={s.canRemind} timeZone={zone} />
                </li>
              ))}
            </ul>
          </section>
          {progress.interviewing.length > 0 && <InterviewingSection sessions={progress.interviewing} zone={zone} />}
        </>
      )}
    </main>
  );
}
