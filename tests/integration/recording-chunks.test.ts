/**
 * Recording chunks over the real route, into the default store (disk under
 * DATA_DIR): in order, idempotent on a retry, a gap answered with the chunk
 * to send, and every bad chunk refused with a clear 4xx that leaves what is
 * already stored exactly as it was.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskRecordingStorage } from '../../server/recordings/storage';
import { acceptInvite, createInterview, interviewWithParties, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let p: InterviewParties;
let candidateRec: string;
let interviewerRec: string;
const WEBM = 'video/webm;codecs=vp8,opus';
/** The start of a WebM file (its EBML magic), then filler: the server checks chunk 0's first four bytes. */
const chunk0 = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(2000, 1)]);
const chunk1 = Buffer.alloc(3000, 2);

const post = (who: InterviewParties['candidate'], interviewId: string, recordingId: string, seq: string | number, body: Uint8Array, type = 'application/octet-stream') =>
  who.fetch(`/api/interviews/${interviewId}/recording/${recordingId}/chunks/${seq}`, { method: "POST", headers: { "content-type": type }, body: body as BodyInit });
const send = async (...args: Parameters<typeof post>) => {
  const response = await post(...args);
  return { status: response.status, body: (await response.json()) as { nextSeq?: number; error?: { code: string; message: string; expected?: number } } };
};
const stored = async (recordingId: string) => {
  const store = new DiskRecordingStorage(path.join(fixture.env.DATA_DIR!, 'recordings'));
  const parts: Buffer[] = [];
  for await (const part of await store.read(recordingId)) parts.push(part as Buffer);
  return Buffer.concat(parts);
};

beforeAll(async () => {
  fixture = await serverFixture();
  p = await interviewWithParties(fixture.server.url);
  const base = `/api/interviews/${p.id}/recording`;
  const session = (await p.interviewer.api('POST', base)).body.session.id as string;
  candidateRec = (await p.candidate.api('POST', `${base}/consent`, { sessionId: session, decision: 'allowed', mimeType: WEBM })).body.mine.recordingId;
  interviewerRec = (await p.interviewer.api('POST', `${base}/consent`, { sessionId: session, decision: 'allowed', mimeType: WEBM })).body.mine.recordingId;
});
afterAll(async () => {
  await fixture?.close();
});

describe('recording chunks', () => {
  it('takes chunks in order into one file, and a retried chunk is answered as if new, stored once', async () => {
    expect(await send(p.candidate, p.id, candidateRec, 0, chunk0)).toEqual({ status: 200, body: { nextSeq: 1 } });
    expect(await send(p.candidate, p.id, candidateRec, 1, chunk1)).toEqual({ status: 200, body: { nextSeq: 2 } });
    expect(await send(p.candidate, p.id, candidateRec, 1, chunk1)).toEqual({ status: 200, body: { nextSeq: 2 } });
    expect(Buffer.compare(await stored(candidateRec), Buffer.concat([chunk0, chunk1]))).toBe(0);
    const row = await fixture.prisma.recording.findUniqueOrThrow({ where: { id: candidateRec } });
    expect([row.nextSeq, Number(row.bytes)]).toEqual([2, chunk0.length + chunk1.length]);
  });

  it('answers a gap with the chunk to send next, and stores nothing past it', async () => {
    const gap = await send(p.candidate, p.id, candidateRec, 4, Buffer.alloc(100, 4));
    expect(gap.status).toBe(409);
    expect(gap.body.error).toMatchObject({ code: 'gap', expected: 2 });
    expect(gap.body.error!.message).toMatch(/send from chunk 2/);
  });

  it('refuses bad chunks by name, and what was stored stays as it was', async () => {
    const cases: [string, Promise<{ status: number; body: { error?: { code: string; message: string } } }>, number, RegExp][] = [
      ['same seq, other bytes', send(p.candidate, p.id, candidateRec, 1, Buffer.alloc(3000, 9)), 409, /already stored with different bytes/],
      ['far ahead', send(p.candidate, p.id, candidateRec, 500, chunk1), 422, /seq: 500 is far ahead .*\(2\)/],
      ['not a number', send(p.candidate, p.id, candidateRec, 'x1', chunk1), 422, /seq: expected a whole number/],
      ['empty', send(p.candidate, p.id, candidateRec, 2, new Uint8Array()), 422, /the chunk is empty/],
      ['oversized', send(p.candidate, p.id, candidateRec, 2, Buffer.alloc(8 * 1024 * 1024 + 1)), 413, /over the 8 MiB/],
      ['JSON, not bytes', send(p.candidate, p.id, candidateRec, 2, Buffer.from('{}'), 'application/json'), 415, /application\/octet-stream/],
      ['not WebM', send(p.interviewer, p.id, interviewerRec, 0, Buffer.alloc(500, 7)), 422, /chunk 0 is not the start of a WebM file/],
      ['someone else’s', send(p.interviewer, p.id, candidateRec, 2, chunk1), 403, /only upload your own recording/],
      ['an observer', send(p.observer, p.id, candidateRec, 2, chunk1), 403, /Observers are never recorded/],
    ];
    for (const [what, reply, status, message] of cases) {
      const { status: got, body } = await reply;
      expect([what, got]).toEqual([what, status]);
      expect(body.error!.message).toMatch(message);
    }
    expect(Buffer.compare(await stored(candidateRec), Buffer.concat([chunk0, chunk1]))).toBe(0);
    expect((await fixture.prisma.recording.findUniqueOrThrow({ where: { id: candidateRec } })).nextSeq).toBe(2);
  });

  // The chunk route is answered before Next (server/routes/node-route.ts): the wrapper's other answers hold there too.
  it('answers another method 405 naming POST, a signed-out upload 401, a bad interview id 400, and marks answers private', async () => {
    const url = `/api/interviews/${p.id}/recording/${candidateRec}/chunks/2`;
    const get = await p.candidate.fetch(url);
    expect([get.status, get.headers.get('allow'), ((await get.json()) as { error: { message: string } }).error.message]).toEqual([405, 'POST', 'Only POST is served here.']);
    const anonymous = await fetch(new URL(url, fixture.server.url), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: chunk1 });
    expect(anonymous.status).toBe(401);
    const badId = await send(p.candidate, 'not an id!', candidateRec, 2, chunk1);
    expect([badId.status, badId.body.error!.message]).toEqual([400, 'Not a valid interview id.']);
    const taken = await post(p.candidate, 'no-such-interview-id-000000', candidateRec, 2, chunk1);
    expect(taken.status).toBe(404);
    expect(taken.headers.get('cache-control')).toBe('private, no-store');
    expect(taken.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('an upload to another interview finds no such recording', async () => {
    const other = await createInterview(p.interviewer);
    const reply = await send(p.interviewer, other.id, interviewerRec, 0, chunk0);
    expect(reply.status).toBe(404);
    expect(reply.body.error!.message).toMatch(/No such recording in this interview/);
  });

  it('takes nothing once consent is withdrawn, or after the recording stopped', async () => {
    expect((await send(p.interviewer, p.id, interviewerRec, 0, chunk0)).status).toBe(200);
    const session = (await fixture.prisma.recording.findUniqueOrThrow({ where: { id: interviewerRec } })).sessionId;
    await fixture.prisma.recordingConsent.create({ data: { sessionId: session, userId: (await fixture.prisma.recording.findUniqueOrThrow({ where: { id: interviewerRec } })).userId, decision: 'withdrawn', scope: [] } });
    const withdrawn = await send(p.interviewer, p.id, interviewerRec, 1, chunk1);
    expect(withdrawn.status).toBe(403);
    expect(withdrawn.body.error!.message).toMatch(/not allowed this recording/);

    expect((await p.candidate.api('POST', `/api/interviews/${p.id}/recording/stop`, { scope: 'mine' })).status).toBe(200);
    // Its browser then says it captured 2 chunks before stopping, both stored: nothing more is taken.
    const fewer = await p.candidate.api('POST', `/api/interviews/${p.id}/recording/${candidateRec}/complete`, { chunks: 1 });
    expect(fewer.status).toBe(422);
    expect(fewer.body.error.message).toMatch(/chunks: 1 is fewer than the 2 chunks already stored/);
    expect((await p.candidate.api('POST', `/api/interviews/${p.id}/recording/${candidateRec}/complete`, { chunks: 2 })).status).toBe(200);
    const stopped = await send(p.candidate, p.id, candidateRec, 2, chunk1);
    expect(stopped.status).toBe(409);
    expect(stopped.body.error).toMatchObject({ code: 'stopped' });
    const changed = await p.candidate.api('POST', `/api/interviews/${p.id}/recording/${candidateRec}/complete`, { chunks: 3 });
    expect(changed.status).toBe(409);
  });
});

describe('watching a recording (whole, or a byte range as a seeking <video> asks)', () => {
  const media = (who: InterviewParties['candidate'] | null, recordingId: string, range?: string, interviewId = p.id) => {
    const url = `/api/interviews/${interviewId}/recording/${recordingId}/media`;
    const headers: Record<string, string> = range ? { range } : {};
    return who ? who.fetch(url, { headers }) : fetch(new URL(url, fixture.server.url), { headers });
  };
  const whole = () => Buffer.concat([chunk0, chunk1]);

  it('serves the whole file, then any range, to an interviewer, privately', async () => {
    const all = await media(p.interviewer, candidateRec);
    expect(all.status).toBe(200);
    expect([all.headers.get('content-type'), all.headers.get('accept-ranges'), all.headers.get('cache-control')]).toEqual(['video/webm', 'bytes', 'private, no-store']);
    expect(Buffer.compare(Buffer.from(await all.arrayBuffer()), whole())).toBe(0);
    const size = whole().length;
    for (const [range, start, end] of [
      ['bytes=0-9', 0, 9],
      ['bytes=2000-2999', 2000, 2999], // across the two chunks
      [`bytes=${size - 10}-`, size - 10, size - 1],
      ['bytes=-10', size - 10, size - 1],
      [`bytes=5-${size + 100}`, 5, size - 1],
    ] as const) {
      const part = await media(p.interviewer, candidateRec, range);
      expect([range, part.status, part.headers.get('content-range')]).toEqual([range, 206, `bytes ${start}-${end}/${size}`]);
      expect(Buffer.compare(Buffer.from(await part.arrayBuffer()), whole().subarray(start, end + 1))).toBe(0);
    }
    const outside = await media(p.interviewer, candidateRec, `bytes=${size}-`);
    expect([outside.status, outside.headers.get('content-range')]).toEqual([416, `bytes */${size}`]);
  });

  it('the candidate watches their own recording, and nobody else watches anything', async () => {
    expect((await media(p.candidate, candidateRec, 'bytes=0-3')).status).toBe(206);
    const others = await media(p.candidate, interviewerRec);
    expect(others.status).toBe(403);
    expect(((await others.json()) as { error: { message: string } }).error.message).toMatch(/your own recording/);
    const observer = await media(p.observer, candidateRec);
    expect(observer.status).toBe(403);
    expect(((await observer.json()) as { error: { message: string } }).error.message).toMatch(/Observers cannot watch/);
    const outsider = await signedInUser(fixture.server.url, 'Olga Outsider');
    expect((await media(outsider, candidateRec)).status).toBe(403);
    expect((await media(null, candidateRec)).status).toBe(401);
    const elsewhere = await createInterview(p.interviewer);
    expect((await media(p.interviewer, candidateRec, undefined, elsewhere.id)).status).toBe(404);
  });

  it('the candidate watches the others’ recordings only once a release includes the recording', async () => {
    // Runs last in this file: it ends the interview. The interviewer's file holds chunk 0 (sent above).
    const co = await signedInUser(fixture.server.url, 'Cody Co-interviewer');
    await acceptInvite(co, p.invites.interviewer);
    expect((await p.interviewer.api('POST', `/api/interviews/${p.id}/end`)).status).toBe(200);
    await p.interviewer.api('PATCH', `/api/interviews/${p.id}/evaluation`, { candidateFeedback: 'Clear framing; go deeper on serving.' });
    const without = await p.interviewer.api('POST', `/api/interviews/${p.id}/feedback/release`, { include: { scores: false, summaries: false, recommendation: false, levelEstimate: false } });
    expect(without.status).toBe(201);
    expect(without.body.recordingAndReplay).toBeUndefined();
    expect((await media(p.candidate, interviewerRec)).status).toBe(403);
    const listed = async (who: InterviewParties['candidate']) => (await who.api('GET', `/api/interviews/${p.id}/recordings`)).body as { recordings: { id: string; mine: boolean }[]; heldBack: number; canDelete: boolean };
    // The list never names a file its reader could not open.
    expect(await listed(p.candidate)).toMatchObject({ recordings: [{ id: candidateRec, mine: true }], heldBack: 1, canDelete: false });
    expect(JSON.stringify(await listed(p.candidate))).not.toContain(interviewerRec);
    expect((await listed(p.interviewer)).recordings.map((r) => r.id).sort()).toEqual([candidateRec, interviewerRec].sort());
    expect((await listed(p.interviewer)).canDelete).toBe(true);
    expect((await p.observer.api('GET', `/api/interviews/${p.id}/recordings`)).status).toBe(403);

    // A co-interviewer releases again, this time with the recording.
    await co.api('PATCH', `/api/interviews/${p.id}/evaluation`, { candidateFeedback: 'Good trade-offs on the feature store.' });
    const withMedia = await co.api('POST', `/api/interviews/${p.id}/feedback/release`, { include: { scores: false, summaries: false, recommendation: false, levelEstimate: false, recording: true } });
    expect([withMedia.status, withMedia.body.recordingAndReplay]).toEqual([201, true]);
    const watched = await media(p.candidate, interviewerRec, 'bytes=0-3');
    expect(watched.status).toBe(206);
    expect(Buffer.compare(Buffer.from(await watched.arrayBuffer()), chunk0.subarray(0, 4))).toBe(0);
    expect((await media(p.observer, interviewerRec)).status).toBe(403);
    expect(await listed(p.candidate)).toMatchObject({ heldBack: 0 });
    expect((await listed(p.candidate)).recordings.map((r) => r.id).sort()).toEqual([candidateRec, interviewerRec].sort());
  });
});
