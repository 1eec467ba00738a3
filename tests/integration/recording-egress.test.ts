/**
 * Recording through LiveKit Egress, over the real routes: the app runs with
 * LIVEKIT_* pointing at a local stub of LiveKit's Egress API and S3_* at a
 * real S3 server (s3rver). Each person who allows gets their own participant
 * egress into our bucket, nothing is asked of LiveKit before Allow or for
 * someone who declined, every way of stopping stops the egress, the file
 * LiveKit uploads becomes the recording's seekable media, and LiveKit failing
 * leaves the consent stored, the recording failed with a reason, and the
 * server up. Without S3, browsers keep recording themselves, and the start-up
 * log says why.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv } from '../helpers/app-server';
import { createTestDatabase } from '../helpers/database';
import { interviewWithParties, type InterviewParties, type SignedInUser } from '../helpers/interview-fixture';
import { startEgressStub, STUB_DURATION_NS, type EgressStub } from '../helpers/livekit-egress-stub';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

const KEY = 'stub-egress-key';
const SECRET = 'stub-egress-secret-that-is-long-enough-42';
let stub: EgressStub;
let s3: LocalS3;
let fixture: ServerFixture;
let p: InterviewParties;
const ids: Record<'interviewer' | 'candidate', string> = { interviewer: '', candidate: '' };
const base = () => `/api/interviews/${p.id}/recording`;

type Status = {
  capture: 'browser' | 'server';
  session: { id: string } | null;
  people: { name: string; decision: string | null; recording: boolean }[];
  mine: { recordingId: string; status: string; failure: string | null } | null;
};
const status = async (who: SignedInUser) => (await who.api('GET', base())).body as Status;
const answer = async (who: SignedInUser, decision: 'allowed' | 'declined') => {
  const sessionId = (await status(who)).session!.id;
  const response = await who.api('POST', `${base()}/consent`, { sessionId, decision });
  expect(response.status).toBe(200);
  return response.body as Status;
};
const callsOf = (method: string) => stub.calls.filter((c) => c.method === method);
const stopped = () => callsOf('StopEgress').map((c) => c.body.egressId);
async function settled(recordingId: string) {
  for (let i = 0; i < 100; i++) {
    const row = await fixture.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } });
    if (row.status === 'finished' || row.status === 'failed') return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`recording ${recordingId} did not settle within 10 s`);
}
const egressOf = async (recordingId: string) => (await fixture.prisma.recording.findUniqueOrThrow({ where: { id: recordingId } })).egressId!;

beforeAll(async () => {
  stub = await startEgressStub(KEY, SECRET);
  s3 = await startLocalS3('egress-bucket');
  fixture = await serverFixture({
    env: {
      LIVEKIT_URL: stub.url,
      LIVEKIT_API_KEY: KEY,
      LIVEKIT_API_SECRET: SECRET,
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  });
  p = await interviewWithParties(fixture.server.url);
  for (const role of ['interviewer', 'candidate'] as const) ids[role] = (await fixture.prisma.user.findUniqueOrThrow({ where: { email: p[role].email } })).id;
});
afterAll(async () => {
  await fixture?.close();
  await s3?.close();
  await stub?.close();
});

describe('recording with LiveKit Egress', () => {
  it('tells the room the server captures, and asks LiveKit nothing before anyone allows or for a decliner', async () => {
    await fixture.server.waitForOutput(/LiveKit Egress records each person who allows it into S3 bucket egress-bucket/);
    expect((await status(p.candidate)).capture).toBe('server');
    expect((await p.interviewer.api('POST', base())).status).toBe(201);
    const declined = await answer(p.candidate, 'declined');
    expect(declined.mine).toBeNull();
    expect(stub.calls).toEqual([]);
    expect(await fixture.prisma.recording.count({ where: { interviewId: p.id } })).toBe(0);
  });

  it("starts one participant egress for the person who allows: signed with our secret, roomRecord, this room and identity, into our bucket", async () => {
    const allowed = await answer(p.interviewer, 'allowed');
    expect(allowed.mine).toMatchObject({ status: 'recording', failure: null });
    const [call, ...more] = stub.calls;
    expect(more).toEqual([]);
    expect(call!.method).toBe('StartParticipantEgress');
    expect(call!.claims).not.toBeNull();
    expect(call!.claims!.video).toMatchObject({ roomRecord: true });
    expect(call!.body).toMatchObject({
      roomName: p.id,
      identity: ids.interviewer,
      fileOutputs: [
        {
          fileType: 'MP4',
          filepath: `recordings/${allowed.mine!.recordingId}/egress.mp4`,
          disableManifest: true,
          s3: { bucket: 'egress-bucket', endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, accessKey: s3.accessKeyId, secret: s3.secretAccessKey },
        },
      ],
    });
    expect(call!.body).not.toHaveProperty('screenShare');
    const row = await fixture.prisma.recording.findUniqueOrThrow({ where: { id: allowed.mine!.recordingId } });
    expect([row.mimeType, row.egressId]).toEqual(['video/mp4', 'EG_1']);
    // The browser must not send a copy of its own.
    const chunk = await p.interviewer.fetch(`${base()}/${row.id}/chunks/0`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1]) });
    expect(chunk.status).toBe(409);
    expect((await chunk.json()).error.code).toBe('server_capture');
  });

  it("Stop mine stops only that person's egress; LiveKit's file becomes the recording, served as MP4 with ranges", async () => {
    // The candidate changes their mind and allows after all: only now is their egress started.
    const allowed = await answer(p.candidate, 'allowed');
    const recordingId = allowed.mine!.recordingId;
    expect(callsOf('StartParticipantEgress').map((c) => c.body.identity)).toEqual([ids.interviewer, ids.candidate]);
    const candidateEgress = await egressOf(recordingId);

    expect((await p.candidate.api('POST', `${base()}/stop`, { scope: 'mine' })).status).toBe(200);
    expect(stopped()).toEqual([candidateEgress]);
    const row = await settled(recordingId);
    expect([row.status, row.durationMs, row.failure]).toEqual(['finished', Number(STUB_DURATION_NS / 1_000_000n), null]);
    const file = stub.uploaded.get(candidateEgress)!;
    expect(Number(row.bytes)).toBe(file.length);
    expect(callsOf('ListEgress').every((c) => c.claims?.video?.roomRecord === true)).toBe(true);

    const whole = await p.candidate.fetch(`${base()}/${recordingId}/media`);
    expect([whole.status, whole.headers.get('content-type')]).toEqual([200, 'video/mp4']);
    expect(Buffer.compare(Buffer.from(await whole.arrayBuffer()), file)).toBe(0);
    const part = await p.interviewer.fetch(`${base()}/${recordingId}/media`, { headers: { range: 'bytes=100-1099' } });
    expect([part.status, part.headers.get('content-range')]).toEqual([206, `bytes 100-1099/${file.length}`]);
    expect(Buffer.compare(Buffer.from(await part.arrayBuffer()), file.subarray(100, 1100))).toBe(0);
    // The interviewer's egress goes on.
    expect((await status(p.observer)).people.find((x) => x.name === 'Ines Interviewer')!.recording).toBe(true);
  });

  it("Stop all stops everyone's egress; an upload LiveKit reports failed leaves the recording failed with the reason", async () => {
    const own = (await status(p.interviewer)).mine!.recordingId;
    stub.failUpload(await egressOf(own), 'S3 upload failed: AccessDenied');
    const before = stopped().length;
    expect((await p.interviewer.api('POST', `${base()}/stop`, { scope: 'everyone' })).status).toBe(200);
    expect(stopped().slice(before)).toEqual([await egressOf(own)]);
    const row = await settled(own);
    expect(row.status).toBe('failed');
    expect((await status(p.interviewer)).mine!.failure).toMatch(/LiveKit could not finish your recording \(S3 upload failed: AccessDenied\)/);
    await fixture.server.waitForOutput(new RegExp(`recording ${own}: LiveKit egress EG_\\d+ failed: S3 upload failed: AccessDenied`));
  });

  it('ending the interview stops every egress still running', async () => {
    expect((await p.interviewer.api('POST', base())).status).toBe(201);
    const mine = [(await answer(p.interviewer, 'allowed')).mine!.recordingId, (await answer(p.candidate, 'allowed')).mine!.recordingId];
    const egresses = await Promise.all(mine.map(egressOf));
    const before = stopped().length;
    expect((await p.interviewer.api('POST', `/api/interviews/${p.id}/end`)).status).toBe(200);
    expect(stopped().slice(before).sort()).toEqual([...egresses].sort());
    for (const id of mine) expect((await settled(id)).status).toBe('finished');
  });
});

describe('when LiveKit fails', () => {
  let q: InterviewParties;
  const qbase = () => `/api/interviews/${q.id}/recording`;
  const allow = async (who: SignedInUser) => {
    const sessionId = ((await who.api('GET', qbase())).body as Status).session!.id;
    const response = await who.api('POST', `${qbase()}/consent`, { sessionId, decision: 'allowed' });
    expect(response.status).toBe(200);
    return (response.body as Status).mine!;
  };
  beforeAll(async () => {
    q = await interviewWithParties(fixture.server.url);
    expect((await q.interviewer.api('POST', qbase())).status).toBe(201);
  });

  it('a refusal: the consent is stored, the recording failed with the reason, a log line, nothing left running', async () => {
    stub.refuse(403, 'permission_denied', 'egress not enabled for this project');
    const mine = await allow(q.candidate);
    expect(mine.status).toBe('failed');
    expect(mine.failure).toMatch(/LiveKit could not start your recording \(egress not enabled for this project\)\. Nothing of yours is being recorded\./);
    const consent = await fixture.prisma.recordingConsent.findMany({ where: { session: { interviewId: q.id } } });
    expect(consent.map((c) => c.decision)).toEqual(['allowed']);
    expect((await fixture.prisma.recording.findUniqueOrThrow({ where: { id: mine.recordingId } })).egressId).toBeNull();
    await fixture.server.waitForOutput(new RegExp(`recording ${mine.recordingId}: LiveKit Egress did not start for user .* egress not enabled for this project`));
    expect(((await q.interviewer.api('GET', qbase())).body as Status).people.find((x) => x.name === 'Cal Candidate')!.recording).toBe(false);
  });

  it('no answer at all: the same, and the server stays up', async () => {
    stub.drop();
    const mine = await allow(q.interviewer);
    expect(mine.status).toBe('failed');
    expect(mine.failure).toMatch(/LiveKit could not start your recording \(.+\)/);
    await fixture.server.waitForOutput(new RegExp(`recording ${mine.recordingId}: LiveKit Egress did not start`));
    expect(fixture.server.process.exitCode).toBeNull();
    expect((await q.observer.api('GET', qbase())).status).toBe(200);
  });
});

describe('LiveKit without S3', () => {
  it('keeps browser recording and says why at start-up', async () => {
    const database = await createTestDatabase(inject('pgAdminUrl'));
    const server = await startAppServer(testServerEnv(database.url, { LIVEKIT_URL: stub.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET }));
    try {
      await server.waitForOutput(/LiveKit is configured but S3_BUCKET is not, so each browser records itself/);
      const r = await interviewWithParties(server.url);
      const path = `/api/interviews/${r.id}/recording`;
      expect(((await r.candidate.api('GET', path)).body as Status).capture).toBe('browser');
      const sessionId = ((await r.interviewer.api('POST', path)).body as Status).session!.id;
      // A browser that records itself must say what it records.
      const missing = await r.candidate.api('POST', `${path}/consent`, { sessionId, decision: 'allowed' });
      expect(missing.status).toBe(422);
      expect(missing.body.error.fields).toHaveProperty('mimeType');
      const calls = stub.calls.length;
      expect((await r.candidate.api('POST', `${path}/consent`, { sessionId, decision: 'allowed', mimeType: 'video/webm' })).status).toBe(200);
      expect(stub.calls.length).toBe(calls);
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});
