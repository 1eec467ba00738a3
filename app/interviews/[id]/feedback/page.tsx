import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { LEVEL_ESTIMATE_LABELS, RECOMMENDATION_LABELS, type ReleasedFeedback } from '@/lib/rubric/evaluation';
import { formatDateTime } from '@/lib/time/format';
import { readSession } from '@/server/auth/session';
import { NotFoundError } from '@/server/http/errors';
import { billingFor } from '@/server/interviews/billing';
import { can, canActOnScenario, reviewAccess } from '@/server/interviews/policy';
import { loadForActor, openCandidacies, type LoadedInterview } from '@/server/interviews/service';
import { listReleasedFeedback } from '@/server/rubric/feedback';
import { listWatchable } from '@/server/recordings/list';
import { scheduleFor } from '@/server/scheduling/upcoming';
import { readViewer } from '@/server/settings/profile';
import { RepracticeControl } from '@/app/_components/repractice-control';
import { ZoneNote } from '@/app/_components/zone-note';
import { repracticeFor } from '@/server/progress/repractice';
import { listRatings, ratingTargets } from '@/server/ratings/ratings';
import { roomRound } from '@/server/rounds/links';
import { BillingLine } from './_components/billing-line';
import { RatingForm, RatingsReceived } from './_components/rating-form';
import { Recordings } from './_components/recordings';
import { ScaleLegend, ScoreBoard, type AnchorsById } from './_components/score-board';

export const metadata: Metadata = { title: 'Interview feedback' };

function Release({ release, zone, anchors }: { release: ReleasedFeedback; zone: string; anchors: AnchorsById | null }) {
  return (
    <article className="card feedback-card" data-testid="released-feedback">
      <p className="muted small">
        From {release.evaluatorName} · released {formatDateTime(release.releasedAt, zone)}
      </p>
      {release.dimensions && <ScoreBoard dimensions={release.dimensions} anchors={anchors} />}
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
      {release.redFlags && (
        <section aria-labelledby={`flags-${release.releasedAt}`} data-testid="released-red-flags">
          <h2 id={`flags-${release.releasedAt}`} className="feedback-text-h">
            Red flags your interviewer ticked
          </h2>
          {release.redFlags.length ? (
            <ul className="bullets red-flags">
              {release.redFlags.map((flag) => (
                <li key={flag}>{flag}</li>
              ))}
            </ul>
          ) : (
            <p className="muted small">None: your interviewer ticked no red flags.</p>
          )}
        </section>
      )}
      <h2 className="feedback-text-h">Written feedback</h2>
      <div className="feedback-text" data-testid="feedback-text">
        {release.feedback.split(/\n{2,}/).map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </div>
    </article>
  );
}

/** When it happened, in the viewer's zone: the end when there is one, else the start or the plan. */
function heldAt({ interview }: LoadedInterview, zone: string, cancelledAt: Date | null): string | null {
  if (cancelledAt) return `Cancelled ${formatDateTime(cancelledAt, zone)}${interview.scheduledAt ? `; it was planned for ${formatDateTime(interview.scheduledAt, zone)}` : ''}`;
  if (interview.endedAt) return `Ended ${formatDateTime(interview.endedAt, zone)}`;
  if (interview.startedAt) return `Started ${formatDateTime(interview.startedAt, zone)}`;
  if (interview.scheduledAt) return `Scheduled for ${formatDateTime(interview.scheduledAt, zone)}`;
  return null;
}

/**
 * The rubric's anchor per score, for viewers the policy lets read the rubric
 * of this interview (interviewers not held back on its scenario). Everyone
 * else gets the scale in general words: the anchors are interviewer-only.
 */
async function anchorsFor(view: LoadedInterview): Promise<AnchorsById | null> {
  if (!can(view.actor, 'rubric.read', view.interview)) return null;
  if (!canActOnScenario('rubric.read', view.snapshot.slug, await openCandidacies(view.actor.userId))) return null;
  return Object.fromEntries(view.snapshot.rubric.dimensions.map((d) => [d.id, d.anchors]));
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
  const viewer = await readViewer(user.id);
  const allowed = can(view.actor, 'feedback.read', view.interview);
  const releases = allowed ? await listReleasedFeedback(view.interview.id) : [];
  const anchors = releases.length ? await anchorsFor(view) : null;
  const billing = await billingFor(view);
  const when = heldAt(view, viewer.timeZone, (await scheduleFor(view.interview.id)).cancelledAt);
  const scored = releases.some((r) => r.dimensions?.some((d) => d.score !== undefined));
  // Same members as the feedback; the list holds only what the policy lets this reader watch.
  const recordings = can(view.actor, 'recording.watch', view.interview) ? await listWatchable(view) : null;
  const reviewable = reviewAccess(view.actor, view.interview, releases).ok;
  // The candidate's own reminders to come back to this session, once there is released feedback to come back to.
  const repractice = releases.length && can(view.actor, 'repractice.manage', view.interview) ? await repracticeFor(view) : null;
  const round = await roomRound(view.interview.id);
  // Ratings of the interviewing: the rated interviewer's own, or what this candidate gave (server/ratings narrows it).
  const ratings = can(view.actor, 'rating.read', view.interview) ? await listRatings(view) : [];
  const rateable = can(view.actor, 'rating.write', view.interview) ? await ratingTargets(view.interview.id) : [];
  return (
    <main className="main feedback-page">
      <p className="eyebrow">Feedback</p>
      <h1>{view.interview.title}</h1>
      <p className="muted small" data-testid="interview-when">
        {[when, `${view.interview.durationMinutes} min`, view.interview.level.charAt(0).toUpperCase() + view.interview.level.slice(1)].filter(Boolean).join(' · ')}
      </p>
      {round?.other && (
        <p className="small round-link" data-testid="other-round-link">
          <span className="chip chip-level">Round {round.number} of 2</span>{' '}
          <Link href={`/interviews/${round.other.id}/feedback`}>Round {round.number === 1 ? 2 : 1}&rsquo;s feedback, roles swapped</Link>
        </p>
      )}
      <ZoneNote viewer={viewer} />
      {billing && <BillingLine billing={billing} interviewId={view.interview.id} canMark={can(view.actor, 'billing.manage', view.interview)} />}
      {!allowed ? (
        <p className="alert alert-error">Only the interviewers and the candidate of this interview can read its feedback.</p>
      ) : releases.length === 0 ? (
        <p className="alert alert-info" data-testid="feedback-pending">
          {view.actor.role === 'interviewer'
            ? 'Nothing is released to the candidate yet. Write and release the feedback from the wrap-up panel in the room; it appears here once released.'
            : 'No feedback has been released yet. You will see it here, and on your dashboard, as soon as your interviewer releases it.'}
        </p>
      ) : (
        releases.map((release, i) => (
          <div key={release.releasedAt + release.evaluatorName}>
            <Release release={release} zone={viewer.timeZone} anchors={anchors} />
            {i === 0 && scored && <ScaleLegend withAnchors={anchors !== null} />}
          </div>
        ))
      )}
      {repractice && (
        <section className="card section-card" aria-labelledby="repractice-h">
          <h2 id="repractice-h">Re-practise this session</h2>
          <p className="muted small">
            Coming back 4, 7 and 14 days after a session is the spaced schedule the prep guides recommend. Your{' '}
            <Link href="/progress">progress page</Link> shows your scores over time and what to practise next.
          </p>
          <RepracticeControl interviewId={view.interview.id} reminders={repractice.reminders} canRemind={repractice.canRemind} timeZone={viewer.timeZone} />
        </section>
      )}
      {rateable.length > 0 && (
        <div id="rate">
          {rateable.map((target) => (
            <RatingForm key={target.id} interviewId={view.interview.id} interviewer={target} initial={ratings.find((r) => r.interviewerId === target.id) ?? null} named={rateable.length > 1} />
          ))}
        </div>
      )}
      {view.actor.role === 'interviewer' && ratings.length > 0 && <RatingsReceived ratings={ratings} />}
      {recordings && (recordings.recordings.length > 0 || recordings.heldBack > 0) && <Recordings interviewId={view.interview.id} list={recordings} zone={viewer.timeZone} />}
      {reviewable && (
        <p>
          <Link href={`/interviews/${view.interview.id}/review`} className="btn btn-secondary" data-testid="feedback-review-link">
            Review the session on its timeline
          </Link>
        </p>
      )}
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </main>
  );
}
