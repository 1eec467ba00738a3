import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { formatPrice, paidLabel } from '@/lib/billing/price';
import { formatDateTime } from '@/lib/time/format';
import { readSession } from '@/server/auth/session';
import { reviewAccess } from '@/server/interviews/policy';
import { listInterviews, type InterviewListItem } from '@/server/interviews/service';
import { readViewer } from '@/server/settings/profile';
import { ScheduleControls } from '../_components/schedule-controls';
import { ZoneNote } from '../_components/zone-note';

export const metadata: Metadata = { title: 'Your interviews' };

const SECTIONS = [
  { status: 'live', title: 'Live now' },
  { status: 'scheduled', title: 'Upcoming' },
  { status: 'ended', title: 'Past' },
] as const;

/** In the viewer's zone; the page names the zone once, above the lists. */
function when(item: InterviewListItem, zone: string): string {
  const date = item.scheduledAt ?? item.createdAt;
  const label = item.cancelledAt ? 'Was planned for' : item.scheduledAt ? 'Scheduled for' : 'Created';
  return `${label} ${formatDateTime(date, zone)}`;
}

function listOf(names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** "with Carla Candidate · observed by Oli Observer": who else is in the session, as the row's subject line. */
function company(item: InterviewListItem): string {
  const talking = item.others.filter((o) => o.role !== 'observer').map((o) => o.name);
  const watching = item.others.filter((o) => o.role === 'observer').map((o) => o.name);
  if (!talking.length && !watching.length) return item.role === 'interviewer' ? 'Nobody has joined yet' : 'Only you so far';
  const parts = [talking.length ? `with ${listOf(talking)}` : null, watching.length ? `observed by ${listOf(watching)}` : null];
  return parts.filter(Boolean).join(' · ');
}


/** The policy's answer for this row; a release the reader may read stands for the releases it decides on. */
function canReview(item: InterviewListItem, userId: string): boolean {
  return reviewAccess({ userId, role: item.role }, item, item.feedbackReleased ? [{}] : []).ok;
}

export default async function DashboardPage() {
  // proxy.ts already redirects signed-out visitors; this is the check that the data path relies on.
  const user = await readSession(await headers());
  if (!user) redirect('/signin?callbackUrl=/dashboard');
  const viewer = await readViewer(user.id);
  const firstName = (viewer.name ?? user.name ?? user.email).split(/[\s@]/)[0];
  const listed = await listInterviews(user.id);
  // A cancelled session is no longer upcoming: it is listed with the past ones, marked cancelled.
  const interviews = {
    live: listed.live,
    scheduled: listed.scheduled.filter((i) => !i.cancelledAt),
    ended: [...listed.scheduled.filter((i) => i.cancelledAt), ...listed.ended],
  };
  const total = interviews.live.length + interviews.scheduled.length + interviews.ended.length;

  return (
    <main className="main">
      <div className="page-head">
        <div>
          <h1>Your interviews</h1>
          <p>Welcome, {firstName}. Interviews you run, take or observe appear here.</p>
        </div>
        <div className="head-actions head-actions-row">
          <Link href="/interviews/new" className="btn btn-primary">
            New interview
          </Link>
          <Link href="/partner" className="btn btn-secondary" data-testid="find-partner-link">
            Find a practice partner
          </Link>
          <Link href="/progress" className="btn btn-secondary" data-testid="progress-link">
            Your progress
          </Link>
        </div>
      </div>

      {total > 0 && <ZoneNote viewer={viewer} />}
      {total === 0 ? (
        <section className="card empty" aria-labelledby="empty-title" data-testid="interviews-empty">
          <div className="empty-icon" aria-hidden>
            ◎
          </div>
          <h2 id="empty-title">No interviews yet</h2>
          <p>Create one from a scenario and send the candidate their invite link, or open an invite link someone sent you.</p>
          <Link href="/scenarios" className="btn btn-secondary">
            Browse the scenario library
          </Link>
        </section>
      ) : (
        SECTIONS.filter(({ status }) => interviews[status].length > 0).map(({ status, title }) => (
          <section key={status} className="interview-section" aria-labelledby={`h-${status}`}>
            <h2 id={`h-${status}`}>{title}</h2>
            <ul className="interview-list" data-testid={`interviews-${status}`}>
              {interviews[status].map((item) => (
                <li key={item.id} className={`card interview-row${item.cancelledAt ? ' is-cancelled' : ''}`}>
                  <div>
                    <Link href={`/interviews/${item.id}`} className="interview-title">
                      {item.title}
                    </Link>
                    <p className="interview-with" data-testid="interview-with">
                      {company(item)}
                    </p>
                    <p className="muted small">
                      <span data-testid="interview-when">{when(item, viewer.timeZone)}</span> · {item.durationMinutes} min · {item.level} ·{' '}
                      {item.mode === 'coach' ? 'coached' : 'peer'}
                    </p>
                    {item.round && (
                      <p className="small round-link" data-testid="round-link">
                        <span className="chip chip-level">Round {item.round.number} of 2</span>{' '}
                        <Link href={`/interviews/${item.round.otherId}`}>Round {item.round.number === 1 ? 2 : 1}, roles swapped</Link>
                      </p>
                    )}
                    {item.status === 'scheduled' && (
                      <ScheduleControls
                        interviewId={item.id}
                        scheduledAt={item.scheduledAt?.toISOString() ?? null}
                        cancelledAt={item.cancelledAt?.toISOString() ?? null}
                        canManage={item.canManageSchedule}
                        zone={viewer.timeZone}
                      />
                    )}
                    {item.billing && (
                      <p className="billing-line small" data-testid="interview-price">
                        {`Price ${formatPrice(item.billing.priceCents)}`}{' '}
                        <span className={`chip ${item.billing.paid ? 'chip-paid' : 'chip-unpaid'}`} data-testid="paid-state">
                          {paidLabel(item.billing.paid)}
                        </span>
                        <Link href={`/interviews/${item.id}/feedback#billing`} className="small">
                          {item.billing.paid ? 'Details' : 'Mark as paid'}
                        </Link>
                      </p>
                    )}
                  </div>
                  <div className="interview-meta">
                    <span className={`chip role-${item.role}`}>{item.role}</span>
                    {status === 'live' && <span className="chip chip-live">● live</span>}
                    {item.feedbackReleased && (
                      <Link href={`/interviews/${item.id}/feedback`} className="btn btn-primary" data-testid="feedback-link">
                        Read feedback
                      </Link>
                    )}
                    {canReview(item, user.id) && (
                      <Link href={`/interviews/${item.id}/review`} className="btn btn-secondary" data-testid="review-link">
                        Review
                      </Link>
                    )}
                    <Link href={`/interviews/${item.id}`} className="btn btn-secondary">
                      {item.status === 'ended' || item.cancelledAt ? 'Open' : 'Enter room'}
                    </Link>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </main>
  );
}
