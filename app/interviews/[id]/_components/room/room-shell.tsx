'use client';

import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api/client';
import * as interviewsApi from '@/lib/api/interviews';
import { Lobby } from '../call/lobby';
import type { CallEntry } from '../call/local-media';
import { VideoPanel } from '../call/video-panel';
import { CardsPanel } from './cards-panel';
import { InterviewerPanel } from '../panel/interviewer-panel';
import { InvitePanel } from './invite-panel';
import { TimerBar } from './timer-bar';
import { useRoom } from './use-room';
import type { WhiteboardStatus } from '../board/whiteboard';
import type { Role } from '@/lib/interviews/roles';

// Loaded only when the server has LiveKit configured, so peer-to-peer rooms never download it.
const LiveKitCall = dynamic(() => import('../call/livekit-call').then((m) => m.LiveKitCall), {
  ssr: false,
  loading: () => <p className="muted small">Loading the call…</p>,
});

// Client-only: server rendering would otherwise load a second copy of yjs into
// the server process (beside the board server's), which Yjs warns breaks its checks.
const Whiteboard = dynamic(() => import('../board/whiteboard').then((m) => m.Whiteboard), {
  ssr: false,
  loading: () => <p className="whiteboard-loading">Loading whiteboard…</p>,
});

interface Props {
  interviewId: string;
  title: string;
  user: { id: string; name: string };
  role: Role;
  ended: boolean;
  /** Some feedback was already released when the page was rendered. */
  feedbackReleased: boolean;
  /** The call runs through LiveKit (the server has it configured) rather than peer-to-peer. */
  liveKit: boolean;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

export function RoomShell({ interviewId, title, user, role, ended: endedAtLoad, feedbackReleased, liveKit }: Props) {
  const room = useRoom(interviewId);
  const { getSocket, subscribe } = room;
  const callLink = useMemo(() => ({ getSocket, subscribe }), [getSocket, subscribe]);
  const ended = endedAtLoad || room.endedLive;
  const released = feedbackReleased || room.releasedLive;
  const [endError, setEndError] = useState<string | null>(null);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  // The pre-join lobby's result; a past interview has no lobby and never touches the camera.
  const [callEntry, setCallEntry] = useState<CallEntry | null>(null);

  async function endInterview() {
    setConfirmingEnd(false);
    setEndError(null);
    try {
      await apiFetch(interviewsApi.endInterview, { params: { id: interviewId } });
    } catch (error) {
      setEndError(
        failureMessage(error, {
          offline: 'Could not end the interview: no connection. Try again.',
          refused: (status) => `Could not end the interview (HTTP ${status}).`,
        }),
      );
    }
  }
  const [board, setBoard] = useState<WhiteboardStatus>({ state: 'connecting', peers: 0 });
  const refused = room.connection === 'refused' || board.state === 'refused';
  const live = room.connection === 'connected' && board.state === 'connected';
  const connection = refused ? 'refused' : live ? 'live' : room.connection === 'connecting' ? 'connecting' : 'reconnecting';
  const connectionText = { refused: 'Disconnected', live: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…' }[connection];

  return (
    <div className="room">
      {!ended && !callEntry && <Lobby title={title} name={user.name} role={role} publishes={role !== 'observer'} onJoin={setCallEntry} />}
      <header className="room-top">
        <div className="room-title">
          <h1>{title}</h1>
          <span className={`chip role-${role}`}>{role}</span>
          {ended && <span className="chip">ended</span>}
        </div>
        <ul className="presence" aria-label="People in the room" data-testid="presence">
          {room.presence.map((p) => (
            <li key={p.userId} data-connected={p.connected} title={`${p.name} (${p.role})${p.connected ? '' : ' — away'}`}>
              <span className="avatar" aria-hidden>
                {initials(p.name)}
              </span>
              <span className="sr-only">
                {p.name}, {p.role}, {p.connected ? 'here' : 'away'}
              </span>
            </li>
          ))}
        </ul>
        <span className="connection" data-state={connection} data-testid="connection" role="status">
          <span className="dot" aria-hidden /> {connectionText}
        </span>
        {role === 'interviewer' && !ended && (
          <button type="button" className="btn btn-secondary" onClick={() => setConfirmingEnd(true)}>
            End interview
          </button>
        )}
        <ConfirmDialog
          open={confirmingEnd && !ended}
          title="End the interview for everyone?"
          action="End interview"
          onConfirm={() => void endInterview()}
          onCancel={() => setConfirmingEnd(false)}
        >
          <p>The board becomes read-only and the timer stops for everyone in the room. You can still finish your notes and the wrap-up afterwards.</p>
        </ConfirmDialog>
      </header>
      {ended && (
        <div className="alert alert-info room-alert" role="status" data-testid="ended-banner">
          This interview has ended. The board is read-only.
          {role === 'interviewer' && !released && ' Finish the wrap-up and release feedback from the Wrap-up tab.'}
        </div>
      )}
      {released && role !== 'observer' && (
        <div className="alert alert-success room-alert" role="status" data-testid="feedback-banner">
          Feedback has been released. <a href={`/interviews/${interviewId}/feedback`}>Read the feedback</a>
        </div>
      )}
      {endError && (
        <div className="alert alert-error room-alert" role="alert">
          {endError}
        </div>
      )}
      {refused && (
        <div className="alert alert-error room-alert" role="alert">
          {room.refusal ?? board.message ?? `The board refused the connection (code ${board.code}).`}
        </div>
      )}
      <TimerBar timer={room.timer} offsetMs={room.offsetMs} canControl={role === 'interviewer' && !ended} sendTimer={room.sendTimer} ended={ended} />
      <div className="room-body" data-role={role}>
        <section className="room-board" aria-label="Whiteboard">
          <Whiteboard interviewId={interviewId} user={{ ...user, role }} readOnly={role === 'observer' || ended} onStatus={setBoard} />
        </section>
        <aside className="room-side">
          {liveKit ? (
            <LiveKitCall interviewId={interviewId} publishes={role !== 'observer'} entry={callEntry} closed={ended && !callEntry} />
          ) : (
            <VideoPanel interviewId={interviewId} link={callLink} publishes={role !== 'observer'} entry={callEntry} closed={ended && !callEntry} />
          )}
          <CardsPanel cards={room.cards} />
          {role === 'interviewer' && (
            <InterviewerPanel
              interviewId={interviewId}
              userId={user.id}
              phaseIndex={room.timer?.index ?? 0}
              ended={ended}
              cards={room.cards}
              onCardRevealed={room.addCard}
              subscribe={room.subscribe}
            />
          )}
          {role === 'interviewer' && !ended && <InvitePanel interviewId={interviewId} />}
        </aside>
      </div>
    </div>
  );
}
