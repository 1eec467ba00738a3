'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InterviewStatus, Role } from '@/lib/interviews/roles';
import { SwapDialog, type SwapScenario } from './swap-dialog';

/** Where this room sits in a peer session (server/rounds/links.ts), as the page hands it over. */
export interface RoomRoundProps {
  number: 1 | 2;
  other: { id: string; status: InterviewStatus } | null;
  /** Who interviews in round 2. */
  swapperName: string | null;
}

/** What round 1's candidate may start round 2 on, and with whom. */
export interface SwapChoice {
  scenarios: SwapScenario[];
  level: string;
  partnerName: string;
}

/**
 * Moves this browser to round 2: when the room is told it started (every
 * browser in round 1's room), or when this browser started it. Client-side,
 * so the page does not reload; once per round.
 */
export function useMoveToRound(nextLive: string | null): (nextInterviewId: string) => void {
  const router = useRouter();
  const moved = useRef<string | null>(null);
  const move = useCallback(
    (next: string) => {
      if (moved.current === next) return;
      moved.current = next;
      router.push(`/interviews/${encodeURIComponent(next)}?swapped=1`);
    },
    [router],
  );
  useEffect(() => {
    if (nextLive) move(nextLive);
  }, [nextLive, move]);
  return move;
}

interface Props {
  interviewId: string;
  role: Role;
  round: RoomRoundProps;
  /** Round 2's id when it was started while this room was open. */
  nextLive: string | null;
  /** For round 1's candidate only: what round 2 may be on. */
  swap: SwapChoice | null;
  onStarted: (nextInterviewId: string) => void;
}

/**
 * Round 1's ended room, between the rounds: the candidate swaps roles, the
 * interviewer waits for them, and once round 2 exists anyone opening round 1
 * is sent on to it.
 */
export function RoundPanel({ interviewId, role, round, nextLive, swap, onStarted }: Props) {
  const [picking, setPicking] = useState(false);
  const next = nextLive ?? round.other?.id ?? null;
  const nextEnded = !nextLive && round.other?.status === 'ended';
  const swapper = round.swapperName ?? 'your partner';
  if (next) {
    return (
      <section className="round-panel" data-testid="round-panel" data-state="next">
        <p>
          <strong>{nextEnded ? 'Round 2 has ended.' : 'Round 2 is running.'}</strong> {swapper} {nextEnded ? 'interviewed' : 'is interviewing'} in round 2, with the roles swapped.
        </p>
        <Link href={`/interviews/${next}`} className="btn btn-primary" data-testid="go-to-round-2">
          {nextEnded ? 'Open round 2' : 'Go to round 2'}
        </Link>
      </section>
    );
  }
  if (role === 'candidate' && swap) {
    return (
      <section className="round-panel" data-testid="round-panel" data-state="swap">
        <p>
          <strong>Your turn to interview.</strong> Swap roles for round 2: you pick a scenario and interview {swap.partnerName}, in this same session.
        </p>
        <button type="button" className="btn btn-primary" onClick={() => setPicking(true)}>
          Swap roles
        </button>
        <SwapDialog
          open={picking}
          interviewId={interviewId}
          scenarios={swap.scenarios}
          level={swap.level}
          partnerName={swap.partnerName}
          onClose={() => setPicking(false)}
          onStarted={(id) => {
            setPicking(false);
            onStarted(id);
          }}
        />
      </section>
    );
  }
  return (
    <section className="round-panel" data-testid="round-panel" data-state="waiting" role="status">
      <span className="round-spinner" aria-hidden />
      <p>
        {role === 'interviewer' ? `Waiting for ${swapper} to pick round 2's scenario.` : `Waiting for ${swapper} to start round 2 with the roles swapped.`}{' '}
        {role === 'interviewer' && 'You are the candidate in round 2: this room moves there as soon as it starts.'}
      </p>
    </section>
  );
}

/** How long the "roles swapped" notice stays after the room moved to round 2. */
const NOTICE_MS = 10_000;

/** On arrival in round 2 from the swap: who interviews now. The header keeps "Round 2 of 2" after it goes. */
export function RoundTwoNotice({ swapperName, inRoom }: { swapperName: string | null; inRoom: boolean }) {
  const [shown, setShown] = useState(true);
  // The clock starts once the person is past the pre-join lobby, which covers the room until then.
  useEffect(() => {
    if (!inRoom) return;
    const timer = setTimeout(() => setShown(false), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [inRoom]);
  if (!shown) return null;
  return (
    <div className="alert alert-success room-alert" role="status" data-testid="round-2-notice">
      <strong>Round 2: roles swapped</strong>
      {swapperName ? ` — ${swapperName} is interviewing now.` : '.'}
    </div>
  );
}

/** In the room's header: which round this is, linking to the other one. */
export function RoundChip({ round }: { round: RoomRoundProps }) {
  const label = `Round ${round.number} of 2`;
  if (!round.other) return null;
  return (
    <Link href={`/interviews/${round.other.id}`} className="chip chip-level" data-testid="round-chip" title={`Open round ${round.number === 1 ? 2 : 1}`}>
      {label} · open round {round.number === 1 ? 2 : 1}
    </Link>
  );
}
