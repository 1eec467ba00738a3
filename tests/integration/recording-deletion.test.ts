/**
 * Deleting recordings removes their bytes from storage, not just their rows,
 * on disk and in S3: the creator deleting one (also one still uploading),
 * a participant withdrawing consent, and the creator deleting the interview.
 * Everyone else is refused, and what they tried to delete stays stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinThroughInvite, signedInUser, type InterviewParties, type SignedInUser, interviewWithParties, createInterview } from '../helpers/interview-fixture';
import { BACKENDS, RecordingMoves, recordingBackend, type RecordingBackend } from '../helpers/recording-backend';
import { joinRoom, socketPool, timerCommand } from '../helpers/room-socket';

describe.each(BACKENDS)('recordings stored on %s', (kind) => {
  let backend: RecordingBackend;
  let p: InterviewParties;
  let co: SignedInUser;
  let outsider: SignedInUser;
  let moves: RecordingMoves;
  const row = (id: string) => backend.fixture.prisma.recording.findUnique({ where: { id } });

  beforeAll(async () => {
    backend = await recordingBackend(kind);
    const url = backend.fixture.server.url;
    p = await interviewWithParties(url);
    co = await joinThroughInvite(url, 'Cora Co-interviewer', p.invites.interviewer);
    outsider = await signedInUser(url, 'Otto Outsider');
    moves = new RecordingMoves(backend, p.id);
  });
  afterAll(async () => {
    await backend?.close();
  });

  it("the creator deletes a finished recording: its bytes leave storage, then its row; nobody else may", async () => {
    const session = await moves.start(p.interviewer);
    const rec = await moves.allow(p.candidate, session);
    await moves.uploadAll(p.candidate, rec);
    expect((await p.candidate.api('POST', `${moves.base}/${rec}/complete`, { chunks: 3 })).status).toBe(200);
    expect((await moves.settled(rec)).status).toBe('finished');
    const before = await backend.stored(rec);
    expect(before.length).toBeGreaterThan(0);

    const refusals: [string, SignedInUser, RegExp][] = [
      ['the candidate (their own, even)', p.candidate, /withdraw your consent/],
      ['a co-interviewer', co, /^Only the interviewer who created this interview can delete its recordings\.$/],
      ['an observer', p.observer, /Only the interviewer who created this interview/],
      ['an outsider', outsider, /not a participant/],
    ];
    for (const [who, session, message] of refusals) {
      const reply = await session.api('DELETE', `${moves.base}/${rec}`);
      expect([who, reply.status]).toEqual([who, 403]);
      expect(reply.body.error.message).toMatch(message);
    }
    expect(await backend.stored(rec)).toEqual(before);

    expect((await p.interviewer.api('DELETE', `${moves.base}/${rec}`)).status).toBe(204);
    expect(await backend.stored(rec)).toEqual([]);
    expect(await row(rec)).toBeNull();
    expect((await p.interviewer.fetch(`${moves.base}/${rec}/media`)).status).toBe(404);
    expect((await p.interviewer.api('DELETE', `${moves.base}/${rec}`)).status).toBe(404);
    // The consent decisions stay: who agreed to what is not media.
    expect(await backend.fixture.prisma.recordingConsent.count({ where: { sessionId: session } })).toBe(1);
  });

  it('deleting a recording still being captured stops it: later chunks get a 404 and leave nothing behind', async () => {
    const session = (await p.interviewer.api('GET', moves.base)).body.session.id as string;
    const rec = await moves.allow(p.interviewer, session);
    expect((await moves.upload(p.interviewer, rec, 0)).status).toBe(200);
    expect((await p.interviewer.api('DELETE', `${moves.base}/${rec}`)).status).toBe(204);

    const late = await moves.upload(p.interviewer, rec, 1);
    expect(late.status).toBe(404);
    const again = await moves.upload(p.interviewer, rec, 0);
    expect(again.status).toBe(404);
    expect(await backend.stored(rec)).toEqual([]);
    expect((await p.interviewer.api('POST', `${moves.base}/${rec}/complete`, { chunks: 2 })).status).toBe(404);
    const status = (await p.interviewer.api('GET', moves.base)).body;
    expect(status.mine).toBeNull();
    expect(status.people.find((x: { role: string; recording: boolean }) => x.role === 'interviewer' && x.recording)).toBeUndefined();
  });

  it('a participant who allowed withdraws: the decision is stored and their recording deleted, bytes and all', async () => {
    expect((await p.interviewer.api('POST', `${moves.base}/stop`, { scope: 'everyone' })).status).toBe(200);
    const session = await moves.start(p.interviewer);
    const rec = await moves.allow(p.candidate, session);
    expect((await moves.upload(p.candidate, rec, 0)).status).toBe(200);
    expect((await moves.upload(p.candidate, rec, 1)).status).toBe(200);
    expect(await backend.stored(rec)).not.toEqual([]);

    const withdrawn = await p.candidate.api('POST', `${moves.base}/withdraw`, { sessionId: session });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.mine).toBeNull();
    expect(withdrawn.body.people.find((x: { role: string }) => x.role === 'candidate')).toMatchObject({ decision: 'withdrawn', recording: false });
    expect(await backend.stored(rec)).toEqual([]);
    expect(await row(rec)).toBeNull();
    const decisions = await backend.fixture.prisma.recordingConsent.findMany({ where: { sessionId: session }, orderBy: { decidedAt: 'asc' } });
    const candidateId = decisions[0]!.userId;
    expect(decisions.map((d) => [d.userId, d.decision])).toEqual([
      [candidateId, 'allowed'],
      [candidateId, 'withdrawn'],
    ]);
    expect(decisions[1]!.decidedAt.getTime()).toBeGreaterThanOrEqual(decisions[0]!.decidedAt.getTime());
    // The room sees the same for everyone; the candidate's next chunk is dropped by their uploader (404).
    expect((await p.interviewer.api('GET', moves.base)).body.people.find((x: { role: string }) => x.role === 'candidate')).toMatchObject({ decision: 'withdrawn', recording: false });
    expect((await moves.upload(p.candidate, rec, 2)).status).toBe(404);

    // Withdrawing again changes nothing.
    expect((await p.candidate.api('POST', `${moves.base}/withdraw`, { sessionId: session })).status).toBe(200);
    expect(await backend.fixture.prisma.recordingConsent.count({ where: { sessionId: session } })).toBe(2);
  });

  it('refuses a withdrawal from someone who never allowed, with a reason, and touches nobody else’s recording', async () => {
    const session = (await p.interviewer.api('GET', moves.base)).body.session.id as string;
    const own = await moves.allow(p.interviewer, session);
    expect((await moves.upload(p.interviewer, own, 0)).status).toBe(200);
    const cases: [string, SignedInUser, unknown, number, RegExp][] = [
      ['a co-interviewer who never answered', co, { sessionId: session }, 409, /^You never allowed this recording, so there is nothing of yours to withdraw\.$/],
      ['an observer', p.observer, { sessionId: session }, 403, /Observers are never recorded/],
      ['an unknown session', p.interviewer, { sessionId: 'not-a-session' }, 404, /No such recording/],
      ['no session id', p.interviewer, {}, 422, /sessionId/],
    ];
    for (const [what, who, body, status, message] of cases) {
      const reply = await who.api('POST', `${moves.base}/withdraw`, body);
      expect([what, reply.status]).toEqual([what, status]);
      expect(reply.body.error.message).toMatch(message);
    }
    expect((await co.api('POST', `${moves.base}/consent`, { sessionId: session, decision: 'declined' })).status).toBe(200);
    const declined = await co.api('POST', `${moves.base}/withdraw`, { sessionId: session });
    expect(declined.status).toBe(409);
    expect(declined.body.error.message).toMatch(/You declined this recording/);
    expect(await backend.stored(own)).not.toEqual([]);
    expect((await row(own))?.status).toBe('recording');
  });

  it('deleting an interview: 409 while live, only its creator, then every recording’s bytes go with it', async () => {
    const sockets = socketPool(() => backend.fixture.server.url);
    const recordings = await backend.fixture.prisma.recording.findMany({ where: { interviewId: p.id }, select: { id: true } });
    expect(recordings.length).toBeGreaterThan(0);
    const socket = await sockets.open(p.interviewer);
    await joinRoom(socket, p.id);
    expect(await timerCommand(socket, p.id, { type: 'start' })).toMatchObject({ ok: true });
    socket.close();

    const live = await p.interviewer.api('DELETE', `/api/interviews/${p.id}`);
    expect(live.status).toBe(409);
    expect(live.body.error.message).toBe('The interview is live. End it before deleting it.');
    expect((await p.interviewer.api('POST', `/api/interviews/${p.id}/end`)).status).toBe(200);
    for (const who of [co, p.candidate, p.observer]) {
      const reply = await who.api('DELETE', `/api/interviews/${p.id}`);
      expect(reply.status).toBe(403);
      expect(reply.body.error.message).toBe('Only the interviewer who created this interview can delete it.');
    }
    for (const { id } of recordings) expect(await backend.stored(id)).not.toEqual([]);

    expect((await p.interviewer.api('DELETE', `/api/interviews/${p.id}`)).status).toBe(204);
    for (const { id } of recordings) expect(await backend.stored(id)).toEqual([]);
    expect(await backend.keys()).toEqual([]);
    const prisma = backend.fixture.prisma;
    expect(await prisma.interview.count({ where: { id: p.id } })).toBe(0);
    expect([await prisma.recording.count(), await prisma.recordingSession.count(), await prisma.recordingConsent.count(), await prisma.participant.count({ where: { interviewId: p.id } })]).toEqual([0, 0, 0, 0]);
    expect((await p.interviewer.api('GET', `/api/interviews/${p.id}/recording`)).status).toBe(404);
    expect((await p.interviewer.api('DELETE', `/api/interviews/${p.id}`)).status).toBe(404);
    sockets.closeAll();
  });

  it('a scheduled interview can be deleted by its creator, with a recording still running', async () => {
    const { id } = await createInterview(p.interviewer);
    const scheduled = new RecordingMoves(backend, id);
    const session = await scheduled.start(p.interviewer);
    const rec = await scheduled.allow(p.interviewer, session);
    expect((await scheduled.upload(p.interviewer, rec, 0)).status).toBe(200);
    expect((await p.interviewer.api('DELETE', `/api/interviews/${id}`)).status).toBe(204);
    expect(await backend.stored(rec)).toEqual([]);
    expect((await scheduled.upload(p.interviewer, rec, 1)).status).toBe(404);
    expect(await backend.stored(rec)).toEqual([]);
  });
});
