import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { LEVEL_ESTIMATE_LABELS, RECOMMENDATION_LABELS, type ReleasedFeedback } from '@/lib/rubric/evaluation';
import { readSession } from '@/server/auth/session';
import { NotFoundError } from '@/server/http/errors';
import { can } from '@/server/interviews/policy';
import { loadForActor } from '@/server/interviews/service';
import { listReleasedFeedback } from '@/server/rubric/feedback';

export const metadata: Metadata = { title: 'Interview feedback' };

function Release({ release }: { release: ReleasedFeedback }) {
  return (
    <article className="card feedback-card" data-testid="released-feedback">
      <p className="muted small">
        From {release.evaluatorName} · released {new Date(release.releasedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC
      </p>
      {(release.recommendation || release.levelEstimate) && (
        <dl className="feedback-verdict">
          {release.recommendation && (
            <div>
              <dt>Recommendation</dt>
              <dd>{RECOMMENDATION_LABELS[release.recommendation]}</dd>
            </div>
          )}
          {release.levelEstimate && (
            <div>
              <dt>Level estimate</dt>
              <dd>{LEVEL_ESTIMATE_LABELS[release.levelEstimate]}</dd>
            </div>
          )}
        </dl>
      )}
      <div className="feedback-text">
        {release.feedback.split(/\n{2,}/).map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </div>
      {release.dimensions && (
        <table className="feedback-table">
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              {release.dimensions.some((d) => d.score !== undefined) && <th scope="col">Score</th>}
              {release.dimensions.some((d) => d.summary !== undefined) && <th scope="col">Notes</th>}
            </tr>
          </thead>
          <tbody>
            {release.dimensions.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.title}</th>
                {d.score !== undefined && <td className="mono">{d.score ?? '–'} / 4</td>}
                {d.summary !== undefined && <td>{d.summary || '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

/** The released feedback: the frozen documents only, never the evaluation behind them. */
export default async function FeedbackPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await readSession(await headers());
  if (!user) redirect(`/signin?callbackUrl=/interviews/${encodeURIComponent(id)}/feedback`);
  const view = await loadForActor(id, user.id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const allowed = can(view.actor, 'feedback.read', view.interview);
  const releases = allowed ? await listReleasedFeedback(view.interview.id) : [];
  return (
    <main className="main feedback-page">
      <p className="eyebrow">Feedback</p>
      <h1>{view.interview.title}</h1>
      {!allowed ? (
        <p className="alert alert-error">Only the interviewers and the candidate of this interview can read its feedback.</p>
      ) : releases.length === 0 ? (
        <p className="alert alert-info" data-testid="feedback-pending">
          No feedback has been released yet. You will see it here, and on your dashboard, as soon as your interviewer releases it.
        </p>
      ) : (
        releases.map((release) => <Release key={release.releasedAt + release.evaluatorName} release={release} />)
      )}
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </main>
  );
}
