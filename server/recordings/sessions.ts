/**
 * Recording sessions and consent. An interviewer's Record opens a session;
 * every person who publishes media (interviewers and the candidate) is asked,
 * and only someone who allowed gets a Recording, the one file their browser
 * uploads into. Every decision is a new RecordingConsent row (who, what,
 * when), never an update. Observers publish nothing, so they are never asked
 * and never recorded, but they read the same status (the REC indicator).
 *
 * Routes call these with a view already authorized for their action.
 */
import { displayName } from '../../lib/auth/display-name';
import { RECORDED_PARTS, type RecordingStatus } from '../../lib/api/recording';
import { db } from '../db/client';
import { ConflictError, invalidField, NotFoundError } from '../http/errors';
import { newInterviewId } from '../interviews/ids';
import { assertCan } from '../interviews/policy';
import type { LoadedInterview, MemberView } from '../interviews/service';
import { sessionMsAt } from '../timer/session-clock';
import { changed } from './changed';
import { startServerCapture, stopServerCaptures } from './egress/capture';
import { egressConfig, recordingCapture, SERVER_CAPTURE_MIME } from './egress/config';

export { changed } from './changed';

const PUBLISHERS = ['interviewer', 'candidate'] as const;
type Publisher = (typeof PUBLISHERS)[number];

/** Recording ids are storage keys and appear in media URLs: unguessable, like interview ids. */
export const newRecordingId = newInterviewId;

async function latestSession(interviewId: string) {
  return db().recordingSession.findFirst({
    where: { interviewId },
    orderBy: { startedAt: 'desc' },
    include: {
      requestedBy: { select: { id: true, name: true, email: true } },
      decisions: { orderBy: { decidedAt: 'asc' }, select: { userId: true, decision: true } },
      // A file being deleted is nobody's any more: not shown, not uploaded into.
      recordings: { where: { status: { not: 'deleting' } }, select: { id: true, userId: true, status: true, nextSeq: true, failure: true } },
    },
  });
}

/** What everyone in the room sees about recording, plus the caller's own file. */
export async function recordingStatus(view: MemberView): Promise<RecordingStatus> {
  const [session, members] = await Promise.all([
    latestSession(view.interview.id),
    db().participant.findMany({
      where: { interviewId: view.interview.id, role: { in: [...PUBLISHERS] } },
      orderBy: { joinedAt: 'asc' },
      select: { userId: true, role: true, user: { select: { name: true, email: true } } },
    }),
  ]);
  const latest = new Map<string, 'allowed' | 'declined' | 'withdrawn'>();
  for (const d of session?.decisions ?? []) latest.set(d.userId, d.decision);
  const files = new Map((session?.recordings ?? []).map((r) => [r.userId, r]));
  const active = session !== null && session.stoppedAt === null;
  const own = files.get(view.actor.userId);
  return {
    capture: recordingCapture(),
    session: session && {
      id: session.id,
      requestedBy: { id: session.requestedBy.id, name: displayName(session.requestedBy) },
      startedAt: session.startedAt.toISOString(),
      stoppedAt: session.stoppedAt?.toISOString() ?? null,
      parts: [...RECORDED_PARTS],
    },
    people: members.map((m) => ({
      userId: m.userId,
      name: displayName(m.user),
      role: m.role as Publisher,
      decision: session ? (latest.get(m.userId) ?? null) : null,
      recording: active && files.get(m.userId)?.status === 'recording',
    })),
    mine: own && own.status !== 'deleting' ? { recordingId: own.id, nextSeq: own.nextSeq, status: own.status, failure: own.failure } : null,
  };
}

async function activeSession(interviewId: string, sessionId?: string) {
  const session = await db().recordingSession.findFirst({ where: { interviewId }, orderBy: { startedAt: 'desc' } });
  if (sessionId !== undefined && session?.id !== sessionId) {
    const known = await db().recordingSession.count({ where: { id: sessionId, interviewId } });
    if (!known) throw new NotFoundError('No such recording in this interview.');
    throw new ConflictError('That recording has been replaced by a newer one; answer the current request.');
  }
  if (!session || session.stoppedAt) return null;
  return session;
}

/** An interviewer presses Record. One session at a time. */
export async function startRecording(view: LoadedInterview): Promise<RecordingStatus> {
  if (await activeSession(view.interview.id)) throw new ConflictError('A recording is already running. Stop it before starting another.');
  const sessionMs = view.interview.startedAt ? await sessionMsAt(view, new Date()) : null;
  await db().recordingSession.create({ data: { id: newInterviewId(), interviewId: view.interview.id, requestedById: view.actor.userId, sessionMs } });
  changed(view.interview.id);
  return recordingStatus(view);
}

/**
 * A publisher answers the request. Allowing creates their file (and, with
 * LiveKit Egress, starts capturing them on the server); answering the same way
 * again changes nothing. Someone who declined may still allow; someone who
 * allowed stops their recording instead of declining (`stopRecording`).
 */
export async function decideRecording(view: MemberView, input: { sessionId: string; decision: 'allowed'; mimeType?: string } | { sessionId: string; decision: 'declined' }): Promise<RecordingStatus> {
  const userId = view.actor.userId;
  const egress = egressConfig();
  if (input.decision === 'allowed' && !egress && !input.mimeType) throw invalidField(['mimeType'], 'say what this browser will record (video/webm or audio/webm)');
  const session = await activeSession(view.interview.id, input.sessionId);
  if (!session) throw new ConflictError('That recording has stopped; there is nothing to answer.');
  if (view.interview.status === 'ended') throw new ConflictError('The interview has ended; nothing more is recorded.');
  const previous = await db().recordingConsent.findFirst({ where: { sessionId: session.id, userId }, orderBy: { decidedAt: 'desc' } });
  if (previous?.decision === input.decision) return recordingStatus(view);
  if (previous?.decision === 'allowed') throw new ConflictError('You already allowed this recording. To stop it, use “Stop my recording”.');
  let created: { id: string; interviewId: string; userId: string } | null = null;
  try {
    created = await db().$transaction(async (tx) => {
      await tx.recordingConsent.create({ data: { sessionId: session.id, userId, decision: input.decision, scope: [...RECORDED_PARTS] } });
      if (input.decision !== 'allowed') return null;
      const mimeType = egress ? SERVER_CAPTURE_MIME : input.mimeType!;
      return tx.recording.create({ data: { id: newRecordingId(), sessionId: session.id, interviewId: view.interview.id, userId, mimeType }, select: { id: true, interviewId: true, userId: true } });
    });
  } catch (error) {
    // Two Allows racing (a double click, two tabs): the first made the file; this one changes nothing.
    if (!(typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002')) throw error;
  }
  // Only after the consent is stored: nothing is asked of LiveKit before Allow.
  if (created && egress) await startServerCapture(egress, created);
  changed(view.interview.id);
  return recordingStatus(view);
}

/** `mine`: the caller stops their own capture. `everyone`: an interviewer stops the session. */
export async function stopRecording(view: MemberView, scope: 'mine' | 'everyone'): Promise<RecordingStatus> {
  const now = new Date();
  const session = await activeSession(view.interview.id);
  if (scope === 'everyone') {
    assertCan(view.actor, 'recording.stopAll', view.interview);
    if (!session) throw new ConflictError('Nothing is being recorded.');
    await stopSession(session.id, now, view.actor.userId);
    changed(view.interview.id);
    return recordingStatus(view);
  }
  const mine = session ? await db().recording.findFirst({ where: { sessionId: session.id, userId: view.actor.userId, status: 'recording' } }) : null;
  const stopped = mine ? await db().recording.updateMany({ where: { id: mine.id, status: 'recording' }, data: { status: 'stopped', stoppedAt: now } }) : { count: 0 };
  if (!mine || stopped.count === 0) throw new ConflictError('You are not being recorded.');
  await stopEgressOf([mine]);
  changed(view.interview.id);
  return recordingStatus(view);
}

async function stopSession(sessionId: string, at: Date, byUserId: string | null): Promise<void> {
  const running = await db().recording.findMany({ where: { sessionId, status: 'recording' }, select: { id: true, interviewId: true, egressId: true } });
  await db().$transaction([
    db().recordingSession.updateMany({ where: { id: sessionId, stoppedAt: null }, data: { stoppedAt: at, stoppedById: byUserId } }),
    db().recording.updateMany({ where: { sessionId, status: 'recording' }, data: { status: 'stopped', stoppedAt: at } }),
  ]);
  await stopEgressOf(running);
}

/** Server-captured recordings just stopped: LiveKit stops their egress too. */
async function stopEgressOf(recordings: { id: string; interviewId: string; egressId: string | null }[]): Promise<void> {
  const egress = egressConfig();
  if (egress && recordings.some((r) => r.egressId)) await stopServerCaptures(egress, recordings);
}

/** The end of the interview stops whatever is still being recorded. */
export async function stopRecordingsOfInterview(interviewId: string, at: Date): Promise<void> {
  const open = await db().recordingSession.findMany({ where: { interviewId, stoppedAt: null }, select: { id: true } });
  for (const { id } of open) await stopSession(id, at, null);
  if (open.length > 0) changed(interviewId);
}
