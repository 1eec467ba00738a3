import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { readSession } from '@/server/auth/session';
import { NotFoundError } from '@/server/http/errors';
import { can, canSwapRoles } from '@/server/interviews/policy';
import { interviewsWithFeedback, loadForActor } from '@/server/interviews/service';
import { liveKitConfig } from '@/server/media/livekit';
import { roomRound, swapChoices } from '@/server/rounds/links';
import { candidateView } from '@/server/scenarios/candidate-view';
import { scheduleFor } from '@/server/scheduling/upcoming';
import { readViewer } from '@/server/settings/profile';
import { formatDateTime } from '@/lib/time/format';
import { ScheduleControls } from '@/app/_components/schedule-controls';
import { RoomShell } from './_components/room/room-shell';

export const metadata: Metadata = { title: 'Interview room' };

export default async function RoomPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ swapped?: string | string[] }> }) {
  const { id } = await params;
  const user = await readSession(await headers());
  if (!user) redirect(`/signin?callbackUrl=/interviews/${encodeURIComponent(id)}`);
  const view = await loadForActor(id, user.id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  if (!view.actor.role || !can(view.actor, 'room.enter', view.interview)) {
    return (
      <main className="main auth-wrap">
        <div className="card auth-card">
          <h1>You are not in this interview</h1>
          <p className="auth-sub">Ask the interviewer for an invite link. Each link adds you with its role.</p>
          <Link href="/dashboard" className="btn btn-secondary btn-block">
            Back to your dashboard
          </Link>
        </div>
      </main>
    );
  }
  // Only candidate-safe values cross to the client here: title, role, the
  // candidate prompt, and whether feedback exists (a yes/no, never its content). The agenda arrives
  // through the timer; the guide and rubric never come this way.
  const released = can(view.actor, 'feedback.read', view.interview) && (await interviewsWithFeedback([view.interview.id])).size > 0;
  // The problem everyone reads comes only from candidateView() of the interview's own snapshot (the
  // scenario as it was when the interview was made), and only its title and prompt cross.
  const { title: problemTitle, prompt } = candidateView(view.snapshot);
  // The two rounds of a peer session: ids, statuses and names only. Everything else about either
  // round is read through that round's own membership (loadForActor above, the routes, the sockets).
  const round = await roomRound(view.interview.id);
  const ended = view.interview.status === 'ended';
  // Offered from the start of round 1 (not only once it has ended): the end arrives live, and the
  // candidate's room then shows "Swap roles" without a reload. The route re-checks everything.
  const swap =
    round && round.number === 1 && !round.other && canSwapRoles(view.actor, view.interview)
      ? { scenarios: await swapChoices(view.snapshot.slug, user.id), level: view.interview.level, partnerName: round.interviewerName ?? 'your partner' }
      : null;
  const [{ scheduledAt, cancelledAt }, { timeZone }] = await Promise.all([scheduleFor(view.interview.id), readViewer(user.id)]);
  const schedule = (scheduledAt || cancelledAt) && view.interview.status === 'scheduled' && (
    <div className="lobby-schedule" data-testid="lobby-schedule">
      {scheduledAt && (
        <p className="muted small">
          {cancelledAt ? 'This session was cancelled. It was planned for' : 'Scheduled for'} {formatDateTime(scheduledAt, timeZone)} ({timeZone})
        </p>
      )}
      <ScheduleControls
        interviewId={view.interview.id}
        scheduledAt={scheduledAt?.toISOString() ?? null}
        cancelledAt={cancelledAt?.toISOString() ?? null}
        canManage={!cancelledAt && can(view.actor, 'schedule.manage', view.interview)}
        zone={timeZone}
      />
    </div>
  );
  return (
    <RoomShell
      key={view.interview.id}
      round={round && { number: round.number, other: round.other, swapperName: round.swapperName }}
      swap={swap}
      arrivedFromSwap={round?.number === 2 && (await searchParams).swapped === '1'}
      interviewId={view.interview.id}
      title={view.interview.title}
      user={{ id: user.id, name: user.name ?? user.email }}
      role={view.actor.role}
      ended={ended}
      feedbackReleased={released}
      liveKit={liveKitConfig() !== null}
      problem={{ title: problemTitle, prompt }}
      schedule={schedule || undefined}
    />
  );
}
