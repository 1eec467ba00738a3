'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api/client';
import * as interviewsApi from '@/lib/api/interviews';
import { Lobby } from '../call/lobby';
import type { CallEntry } from '../call/local-media';
import { VideoPanel } from '../call/video-panel';
import { useNamedBoardMenu } from './board-labels';
import { CardsPanel } from './cards-panel';
import { EndedCard } from './ended-card';
import { INTERVIEWER_TABS } from '../panel/tabs';
import { InviteSlot } from './invite-slot';
import { PresenceAvatars } from './presence-list';
import { ProblemBlock, ProblemText, type RoomProblem } from './problem-panel';
import { useStoredTab } from './side-tabs';
import { TimerBar } from './timer-bar';
import { useRoom } from './use-room';
import { RoomRecording } from '../recording/room-recording';
import { RoundChip, RoundPanel, RoundTwoNotice, useMoveToRound, type RoomRoundProps, type SwapChoice } from '../rounds/round-panel';
import { BoardLoading } from '../board/board-loading';
import type { WhiteboardStatus } from '../board/whiteboard';
import type { Role } from '@/lib/interviews/roles';

export type { RoomProblem } from './problem-panel';

// Loaded only when the server has LiveKit configured, so peer-to-peer rooms never download it.
const LiveKitCall = dynamic(() => import('../call/livekit-call').then((m) => m.LiveKitCall), {
  ssr: false,
  loading: () => <p className="muted small">Loading the call…</p>,
});

const ToolsLoading = () => <p className="muted small">Loading your tools…</p>;

// Candidates and observers never see the interviewer's tools, so they never download them.
const InterviewerPanel = dynamic(() => import('../panel/interviewer-panel').then((m) => m.InterviewerPanel), { loading: ToolsLoading });

// Rendered on the server too (only its loading state: Excalidraw itself is
// client-only), so the page's HTML preloads the board's code instead of the
// browser finding it after hydration. yjs is a server external package
// (next.config.js), so this shares the board server's copy of it.
const Whiteboard = dynamic(() => import('../board/whiteboard').then((m) => m.Whiteboard), { loading: BoardLoading });
// Requested as soon as this module runs, before hydration reaches the board:
// the board's code starts Excalidraw's download (see whiteboard.tsx).
if (typeof window !== 'undefined') void import('../board/whiteboard');

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
  /** The candidate prompt, from candidateView() of the interview's scenario snapshot. */
  problem: RoomProblem;
  /**
   * A layer over the room (e.g. a pre-join lobby). The room stays mounted beneath it, so the board and
   * the room connection sync while the layer is up.
   */
  children?: ReactNode;
  /** Where this room sits in a two-round peer session (null for a coached one). */
  round: RoomRoundProps | null;
  /** Round 1's candidate, after the end: what round 2 may be on. */
  swap: SwapChoice | null;
  /** The room just moved here from round 1's swap. */
  arrivedFromSwap: boolean;
  /** The session's time and its controls, shown in the lobby. */
  schedule?: ReactNode;
}

type ConnectionView = 'refused' | 'live' | 'connecting' | 'reconnecting';
const CONNECTION_TEXT: Record<ConnectionView, string> = { refused: 'Disconnected', live: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…' };

export function RoomShell({ interviewId, title, user, role, ended: endedAtLoad, feedbackReleased, liveKit, problem, children, round, swap, arrivedFromSwap, schedule }: Props) {
  const room = useRoom(interviewId);
  const moveToRound = useMoveToRound(room.nextRoundLive);
  const { getSocket, subscribe } = room;
  const callLink = useMemo(() => ({ getSocket, subscribe }), [getSocket, subscribe]);
  const ended = endedAtLoad || room.endedLive;
  const released = feedbackReleased || room.releasedLive;
  const [endError, setEndError] = useState<string | null>(null);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  // Leaving unmounts the call, whose cleanup closes the peer connections and stops the camera and mic.
  const [inCall, setInCall] = useState(true);
  const boardRef = useRef<HTMLElement>(null);
  useNamedBoardMenu(boardRef);
  const [tab, setTab] = useStoredTab(interviewId, INTERVIEWER_TABS, endedAtLoad ? 'wrap-up' : 'problem');
  // The pre-join lobby's result; a past interview has no lobby and never touches the camera.
  const [callEntry, setCallEntry] = useState<CallEntry | null>(null);
  // The call's own camera and microphone, for the recording.
  const [media, setMedia] = useState<{ stream: MediaStream | null; key: string }>({ stream: null, key: '' });
  const onLocalMedia = useCallback((stream: MediaStream | null, key: string) => setMedia((m) => (m.stream === stream && m.key === key ? m : { stream, key })), []);

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
  // "Reconnecting…" only means something once we have been connected; before that it is the first connection.
  const [wasLive, setWasLive] = useState(false);
  useEffect(() => {
    if (live) setWasLive(true);
  }, [live]);
  const connection: ConnectionView = refused ? 'refused' : live ? 'live' : wasLive ? 'reconnecting' : 'connecting';
  const candidateJoined = room.presence.some((p) => p.role === 'candidate');
  const { panelOpen, onBoardReady } = useBoardFirst();

  function writeWrapUp() {
    setTab('wrap-up');
    requestAnimationFrame(() => document.getElementById('tab-wrap-up')?.focus());
  }

  // After leaving, rejoining goes back through the lobby: the old stream was stopped, so devices are asked for afresh.
  function rejoinCall() {
    setCallEntry(null);
    setInCall(true);
  }
  const closed = ended && !callEntry;
  const call =
    !inCall && !closed ? (
      <section className="panel video-panel video-left" aria-labelledby="video-h" data-testid="video-left">
        <div className="panel-head">
          <h2 id="video-h">Video</h2>
          {!ended && (
            <button type="button" className="btn btn-secondary btn-small" onClick={rejoinCall}>
              Rejoin call
            </button>
          )}
        </div>
        <p className="muted small">You left the call. Your camera and microphone are off.</p>
      </section>
    ) : liveKit ? (
      <LiveKitCall interviewId={interviewId} publishes={role !== 'observer'} entry={inCall ? callEntry : null} closed={closed} onLocalMedia={onLocalMedia} />
    ) : (
      <VideoPanel interviewId={interviewId} link={callLink} publishes={role !== 'observer'} entry={inCall ? callEntry : null} closed={closed} onLocalMedia={onLocalMedia} />
    );
  const playedCards = room.cards.length ? <CardsPanel cards={room.cards} announce={false} /> : <p className="muted small">No constraint cards played yet.</p>;

  return (
    <main className="room" data-ended={ended}>
      <div className="skip-links">
        <a href="#room-board" className="skip-link">
          Skip to the whiteboard
        </a>
        <a href="#room-side" className="skip-link">
          Skip to the call and panel
        </a>
      </div>
      {!ended && !callEntry && <Lobby title={title} name={user.name} role={role} publishes={role !== 'observer'} onJoin={setCallEntry} schedule={schedule} />}
      <header className="room-top">
        <div className="room-title">
          <h1>{title}</h1>
          <span className={`chip role-${role}`}>{role}</span>
          {ended && <span className="chip">ended</span>}
          {round && <RoundChip round={round} />}
        </div>
        <RoomRecording
          interviewId={interviewId}
          userId={user.id}
          canControl={role === 'interviewer'}
          ended={ended}
          offsetMs={room.offsetMs}
          tick={room.recordingTick}
          media={media}
          joined={callEntry !== null}
        />
        <PresenceAvatars presence={room.presence} />
        <span className="connection" data-state={connection} data-testid="connection" role="status">
          <span className="dot" aria-hidden /> {CONNECTION_TEXT[connection]}
        </span>
      </header>
      {ended && <EndedCard interviewId={interviewId} role={role} released={released} inCall={inCall} onLeaveCall={() => setInCall(false)} onWriteWrapUp={writeWrapUp} />}
      {ended && round?.number === 1 && <RoundPanel interviewId={interviewId} role={role} round={round} nextLive={room.nextRoundLive} swap={swap} onStarted={moveToRound} />}
      {arrivedFromSwap && round && <RoundTwoNotice swapperName={round.swapperName} inRoom={callEntry !== null || ended} />}
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
      <TimerBar timer={room.timer} offsetMs={room.offsetMs} canControl={role === 'interviewer' && !ended} sendTimer={room.sendTimer} ended={ended} role={role} userId={user.id} presence={room.presence}>
        {role === 'interviewer' && !ended && (
          <button type="button" className="btn btn-secondary btn-end" onClick={() => setConfirmingEnd(true)}>
            End interview
          </button>
        )}
      </TimerBar>
      <ConfirmDialog
        open={confirmingEnd && !ended}
        title="End the interview for everyone?"
        action="End interview"
        onConfirm={() => void endInterview()}
        onCancel={() => setConfirmingEnd(false)}
      >
        <p>The board becomes read-only and the timer stops for everyone in the room. You can still finish your notes and the wrap-up afterwards.</p>
      </ConfirmDialog>
      <p className="room-phone-note" data-testid="phone-note">
        The whiteboard needs a larger screen: open this room on a tablet or computer to draw. On this phone you can still <a href="#room-call">join the call</a>{' '}
        and read the problem.
      </p>
      <div className="room-body" data-role={role}>
        <section className="room-board" id="room-board" ref={boardRef} tabIndex={-1} aria-label="Whiteboard">
          <Whiteboard interviewId={interviewId} user={{ ...user, role }} readOnly={role === 'observer' || ended} onStatus={setBoard} onReady={onBoardReady} />
        </section>
        <aside className="room-side" id="room-side" tabIndex={-1} aria-label="Call and panel">
          {role === 'interviewer' && !ended && <InviteSlot interviewId={interviewId} candidateJoined={candidateJoined} />}
          <div id="room-call" className="room-call">
            {call}
          </div>
          {role === 'interviewer' && !panelOpen ? (
            <ToolsLoading />
          ) : role === 'interviewer' ? (
            <InterviewerPanel
              interviewId={interviewId}
              userId={user.id}
              phaseIndex={room.timer?.index ?? 0}
              ended={ended}
              cards={room.cards}
              onCardRevealed={room.addCard}
              subscribe={room.subscribe}
              tab={tab}
              onTab={setTab}
              problem={<ProblemText problem={problem} />}
              playedCards={playedCards}
            />
          ) : (
            <>
              <ProblemBlock problem={problem} />
              <CardsPanel cards={room.cards} />
            </>
          )}
        </aside>
      </div>
      {children}
    </main>
  );
}

/** The longest the interviewer's tools wait for the board (a refused or slow board must not hide them). */
const PANEL_WAIT_MS = 2_000;

/**
 * The board first, then the interviewer's tools. The panel's code and its four
 * requests (guide, rubric, evaluation, notes) used to go out while Excalidraw
 * and its lazy pieces were still loading; on a busy server they pushed a
 * usable board back by about 200 ms (bench/room-ready.ts). They now start once
 * the board is ready, or after PANEL_WAIT_MS, whichever comes first.
 */
function useBoardFirst(): { panelOpen: boolean; onBoardReady: () => void } {
  const [panelOpen, setPanelOpen] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setPanelOpen(true), PANEL_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  const onBoardReady = useCallback(() => setPanelOpen(true), []);
  return { panelOpen, onBoardReady };
}
