/**
 * Recording consent over the real HTTP routes and Postgres: an interviewer
 * presses Record, each publisher (interviewers, the candidate) answers for
 * themselves, every decision is stored as its own row, observers only watch,
 * stopping works for oneself and (for interviewers) for everyone, and the end
 * of the interview stops whatever is still recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEvent } from '../../lib/realtime/protocol';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { collect, joinRoom, socketPool } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { eventually } from '../helpers/yjs-client';

let fixture: ServerFixture;
let p: InterviewParties;
const sockets = socketPool(() => fixture.server.url);
/** What an observer's room socket hears about recording. */
let heard: unknown[];
const base = () => `/api/interviews/${p.id}/recording`;
const WEBM = 'video/webm;codecs=vp8,opus';

beforeAll(async () => {
  fixture = await serverFixture();
  p = await interviewWithParties(fixture.server.url);
  const observer = await sockets.open(p.observer);
  await joinRoom(observer, p.id);
  heard = collect(observer, ServerEvent.RecordingChanged);
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

type Status = {
  session: { id: string; requestedBy: { name: string }; stoppedAt: string | null; parts: string[] } | null;
  people: { name: string; role: string; decision: string | null; recording: boolean }[];
  mine: { recordingId: string; nextSeq: number; status: string } | null;
};
const status = async (who: InterviewParties['interviewer']) => (await who.api('GET', base())).body as Status;
const person = (s: Status, name: string) => s.people.find((x) => x.name === name)!;

describe('recording consent', () => {
  it('before Record: nothing to show, and only publishers are listed (observers are never recorded)', async () => {
    const s = await status(p.observer);
    expect(s.session).toBeNull();
    expect(s.people.map((x) => [x.name, x.role, x.decision, x.recording])).toEqual([
      ['Ines Interviewer', 'interviewer', null, false],
      ['Cal Candidate', 'candidate', null, false],
    ]);
    expect(s.mine).toBeNull();
  });

  it('only an interviewer starts a recording, one at a time', async () => {
    const refused = await p.candidate.api('POST', base());
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Only interviewers can start a recording/);
    const started = await p.interviewer.api('POST', base());
    expect(started.status).toBe(201);
    expect((started.body as Status).session).toMatchObject({ requestedBy: { name: 'Ines Interviewer' }, stoppedAt: null, parts: ['camera', 'microphone', 'board'] });
    const again = await p.interviewer.api('POST', base());
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already running/);
    // The whole room hears that something changed, and nothing more: each member reads their own status.
    await eventually(() => heard.length === 1, 'the observer hears the Record');
    expect(heard).toEqual([{ interviewId: p.id }]);
  });

  it('a decline records nothing, is stored once, and everyone sees it; observers cannot answer', async () => {
    const { session } = await status(p.candidate);
    for (let i = 0; i < 2; i++) {
      const declined = await p.candidate.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'declined' });
      expect(declined.status).toBe(200);
      expect((declined.body as Status).mine).toBeNull();
    }
    expect(person(await status(p.observer), 'Cal Candidate')).toMatchObject({ decision: 'declined', recording: false });
    const rows = await fixture.prisma.recordingConsent.findMany({ where: { sessionId: session!.id } });
    expect(rows.map((r) => [r.decision, r.scope])).toEqual([['declined', ['camera', 'microphone', 'board']]]);
    expect(await fixture.prisma.recording.count({ where: { interviewId: p.id } })).toBe(0);
    const observer = await p.observer.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'allowed', mimeType: WEBM });
    expect(observer.status).toBe(403);
    expect(observer.body.error.message).toMatch(/Observers are never recorded/);
  });

  it('names what was wrong with a bad answer', async () => {
    const { session } = await status(p.candidate);
    const mp4 = await p.candidate.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'allowed', mimeType: 'video/mp4' });
    expect(mp4.status).toBe(422);
    expect(mp4.body.error.fields).toHaveProperty('mimeType');
    const unknown = await p.candidate.api('POST', `${base()}/consent`, { sessionId: 'no-such-session', decision: 'declined' });
    expect(unknown.status).toBe(404);
    const what = await p.candidate.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'maybe' });
    expect(what.status).toBe(422);
  });

  it('someone who declined may still allow: their own file appears, its id only to them', async () => {
    const { session } = await status(p.candidate);
    const allowed = (await p.candidate.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'allowed', mimeType: WEBM })).body as Status;
    expect(allowed.mine).toMatchObject({ nextSeq: 0, status: 'recording' });
    expect(allowed.mine!.recordingId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    for (const other of [p.interviewer, p.observer]) {
      const s = await status(other);
      expect(person(s, 'Cal Candidate')).toMatchObject({ decision: 'allowed', recording: true });
      expect(s.mine).toBeNull();
      expect(JSON.stringify(s)).not.toContain(allowed.mine!.recordingId);
    }
    const rows = await fixture.prisma.recordingConsent.findMany({ where: { sessionId: session!.id }, orderBy: { decidedAt: 'asc' } });
    expect(rows.map((r) => r.decision)).toEqual(['declined', 'allowed']);
    const changed = await p.candidate.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'declined' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toMatch(/Stop my recording/);
  });

  it('anyone recorded stops their own recording; only interviewers stop everyone', async () => {
    const { session } = await status(p.interviewer);
    await p.interviewer.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'allowed', mimeType: WEBM });
    const own = (await p.candidate.api('POST', `${base()}/stop`, { scope: 'mine' })).body as Status;
    expect(person(own, 'Cal Candidate').recording).toBe(false);
    expect(own.mine).toMatchObject({ status: 'stopped' });
    expect(person(own, 'Ines Interviewer').recording).toBe(true);
    const twice = await p.candidate.api('POST', `${base()}/stop`, { scope: 'mine' });
    expect(twice.status).toBe(409);
    const notYours = await p.candidate.api('POST', `${base()}/stop`, { scope: 'everyone' });
    expect(notYours.status).toBe(403);
    expect(notYours.body.error.message).toMatch(/Only interviewers can stop the recording for everyone/);
    const before = heard.length;
    const all = (await p.interviewer.api('POST', `${base()}/stop`, { scope: 'everyone' })).body as Status;
    await eventually(() => heard.length === before + 1, 'the observer hears the stop');
    expect(all.session!.stoppedAt).not.toBeNull();
    expect(all.people.every((x) => !x.recording)).toBe(true);
    const late = await p.candidate.api('POST', `${base()}/consent`, { sessionId: session!.id, decision: 'allowed', mimeType: WEBM });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/has stopped/);
  });

  it('a new Record asks again; an answer to the old one is refused; the end of the interview stops it', async () => {
    const old = (await status(p.candidate)).session!.id;
    const fresh = ((await p.interviewer.api('POST', base())).body as Status).session!;
    expect(fresh.id).not.toBe(old);
    expect((await status(p.observer)).people.map((x) => x.decision)).toEqual([null, null]);
    const stale = await p.candidate.api('POST', `${base()}/consent`, { sessionId: old, decision: 'allowed', mimeType: WEBM });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/replaced by a newer one/);
    await p.candidate.api('POST', `${base()}/consent`, { sessionId: fresh.id, decision: 'allowed', mimeType: 'audio/webm;codecs=opus' });
    expect((await p.interviewer.api('POST', `/api/interviews/${p.id}/end`)).status).toBe(200);
    const after = await status(p.candidate);
    expect(after.session!.stoppedAt).not.toBeNull();
    expect(after.mine).toMatchObject({ status: 'stopped' });
    const rows = await fixture.prisma.recording.findMany({ where: { sessionId: fresh.id } });
    expect(rows.map((r) => [r.mimeType, r.status, r.stoppedAt !== null])).toEqual([['audio/webm;codecs=opus', 'stopped', true]]);
    expect((await p.interviewer.api('POST', base())).status).toBe(403);
  });
});

describe('racing answers', () => {
  it('two Allows at once make one file and no error', async () => {
    const q = await interviewWithParties(fixture.server.url);
    const url = `/api/interviews/${q.id}/recording`;
    const sessionId = (await q.interviewer.api('POST', url)).body.session.id as string;
    const replies = await Promise.all([0, 1, 2].map(() => q.candidate.api('POST', `${url}/consent`, { sessionId, decision: 'allowed', mimeType: WEBM })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(replies.map((r) => (r.body as Status).mine!.recordingId)).size).toBe(1);
    expect(await fixture.prisma.recording.count({ where: { interviewId: q.id } })).toBe(1);
  });
});
