'use client';

import Link from 'next/link';
import type { Role } from '@/lib/interviews/roles';

interface Props {
  interviewId: string;
  role: Role;
  /** Feedback has been released (at load or live). */
  released: boolean;
  /** This browser is still in the call, so "Leave call" applies. */
  inCall: boolean;
  onLeaveCall: () => void;
  onWriteWrapUp: () => void;
}

/**
 * What an ended room says: that it ended, what happens next and where, and
 * the ways out. Nobody should be left staring at a frozen room with the
 * camera still on.
 */
export function EndedCard({ interviewId, role, released, inCall, onLeaveCall, onWriteWrapUp }: Props) {
  const feedbackPath = `/interviews/${interviewId}/feedback`;
  return (
    <section className="ended-card" aria-labelledby="ended-h" data-testid="ended-banner" data-role={role}>
      <div className="ended-text">
        <h2 id="ended-h">This interview has ended</h2>
        {role === 'candidate' && !released && (
          <p data-testid="ended-next">
            Your interviewer is writing your feedback now. Once they release it, you can read it on{' '}
            <a href={feedbackPath}>this interview&rsquo;s feedback page</a>, and your dashboard shows a &ldquo;Read feedback&rdquo; button beside this
            interview. If you are still here, this room tells you too.
          </p>
        )}
        {role === 'candidate' && released && (
          <p data-testid="ended-next">
            Your feedback is ready: <a href={feedbackPath}>read it now</a>.
          </p>
        )}
        {role === 'interviewer' && (
          <p data-testid="ended-next">
            The board is read-only and the clock has stopped. {released ? 'Feedback has been released to the candidate.' : 'Write the wrap-up, then release feedback to the candidate from the Wrap-up tab.'}
          </p>
        )}
        {role === 'observer' && <p data-testid="ended-next">The board is read-only and the clock has stopped. Thank you for watching.</p>}
      </div>
      <div className="ended-actions">
        {role === 'interviewer' && !released && (
          <button type="button" className="btn btn-primary" onClick={onWriteWrapUp}>
            Write the wrap-up
          </button>
        )}
        {inCall && (
          <button type="button" className="btn btn-secondary" onClick={onLeaveCall}>
            Leave call
          </button>
        )}
        {role === 'candidate' && (
          <Link href={`${feedbackPath}#rate`} className="btn btn-secondary" data-testid="rate-interviewer-link">
            Rate your interviewer
          </Link>
        )}
        {(role === 'interviewer' || (role === 'candidate' && released)) && (
          <Link href={`/interviews/${interviewId}/review`} className="btn btn-secondary" data-testid="ended-review-link">
            Review the session
          </Link>
        )}
        <Link href="/dashboard" className="btn btn-ghost">
          Back to dashboard
        </Link>
      </div>
    </section>
  );
}
