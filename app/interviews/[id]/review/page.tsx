import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { formatDateTime } from '@/lib/time/format';
import { readSession } from '@/server/auth/session';
import { HttpError, NotFoundError } from '@/server/http/errors';
import { logShareOpen, openReview, type ReviewReader } from '@/server/review/access';
import { buildReview } from '@/server/review/review';
import { listShares } from '@/server/review/shares';
import { roomRound } from '@/server/rounds/links';
import { readViewer } from '@/server/settings/profile';
import { ReviewPlayer } from './_components/review-player';
import { ShareLinks } from './_components/share-links';

export const metadata: Metadata = { title: 'Session review' };

function Refused({ error, interviewId, share }: { error: HttpError; interviewId: string; share: boolean }) {
  const title = error.status === 410 ? 'This link no longer works' : error.status === 409 ? 'Not ended yet' : 'This review is not open to you';
  return (
    <main className="main auth-wrap">
      <div className="card auth-card" data-testid="review-refused" data-status={error.status}>
        <h1>{title}</h1>
        <p className="auth-sub">{error.message}</p>
        {error.status === 409 && !share && (
          <Link href={`/interviews/${encodeURIComponent(interviewId)}`} className="btn btn-primary btn-block">
            Go to the room
          </Link>
        )}
        <Link href="/dashboard" className="btn btn-secondary btn-block">
          Back to your dashboard
        </Link>
      </div>
    </main>
  );
}

/**
 * The session on one timeline. What reaches this page's HTML is the review as
 * cut to the reader's scope on the server (buildReview): nothing outside it
 * is in the props, so nothing outside it can reach the browser.
 */
export default async function ReviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ share?: string | string[] }> }) {
  const { id } = await params;
  const raw = (await searchParams).share;
  const share = typeof raw === 'string' ? raw : null;
  const user = await readSession(await headers());
  const here = `/interviews/${encodeURIComponent(id)}/review${share ? `?share=${encodeURIComponent(share)}` : ''}`;
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(here)}`);
  let reader: ReviewReader;
  try {
    reader = await openReview(id, user.id, share);
  } catch (error) {
    if (error instanceof NotFoundError && !share) notFound();
    if (error instanceof HttpError) return <Refused error={error} interviewId={id} share={share !== null} />;
    throw error;
  }
  if (reader.shareId) await logShareOpen(reader.shareId, user.id);
  const [review, viewer] = await Promise.all([buildReview(reader.view, reader.scope, reader.via), readViewer(user.id)]);
  const shares = reader.via.kind === 'member' ? await listShares(reader.view) : null;
  // A member sees which round of a peer session this was; a share link shows only the one round.
  const round = reader.via.kind === 'member' ? await roomRound(id) : null;
  const { interview } = review;
  return (
    <main className="main review-page">
      <header className="review-head">
        <div>
          <p className="eyebrow">Session review</p>
          <h1>{interview.title}</h1>
          <p className="muted small" data-testid="review-meta">
            {[interview.endedAt && `Ended ${formatDateTime(interview.endedAt, viewer.timeZone)}`, `${interview.durationMinutes} min`, interview.level.charAt(0).toUpperCase() + interview.level.slice(1)]
              .filter(Boolean)
              .join(' · ')}
            {review.viewer.sharedBy && <> · shared with you by {review.viewer.sharedBy}</>}
          </p>
        </div>
        {reader.via.kind === 'member' && (
          <nav className="review-head-links" aria-label="This interview">
            <Link href={`/interviews/${encodeURIComponent(id)}/feedback`}>Feedback page</Link>
            {round?.other && (
              <Link href={`/interviews/${round.other.id}/review`} data-testid="other-round-link">
                Round {round.number === 1 ? 2 : 1} (roles swapped)
              </Link>
            )}
            <Link href="/dashboard">Dashboard</Link>
          </nav>
        )}
      </header>
      <ReviewPlayer review={review} share={reader.via.kind === 'share' ? share : null} />
      {shares && <ShareLinks interviewId={interview.id} initial={shares} scope={reader.scope} zone={viewer.timeZone} />}
    </main>
  );
}
