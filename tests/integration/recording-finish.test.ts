/**
 * The finishing step through the real routes: a recording whose last chunks
 * arrive after its stop (captured before it, uploaded later) is still whole;
 * once the browser says how many chunks it captured and all are in, the
 * stored file is rewritten with its duration and cues. A file that cannot be
 * finished is marked failed and kept exactly as uploaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID } from '../../server/recordings/webm/ebml';
import { cluster, info, recording, tracks, type BlockSpec } from '../helpers/webm-builder';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let p: InterviewParties;
let base: string;
let session: string;
const WEBM = 'video/webm;codecs=vp8,opus';

/** Video on track 1 (a keyframe first) and audio on track 2, every 100 ms for `ms`. */
const av = (key: boolean, ms: number): BlockSpec[] => {
  const blocks: BlockSpec[] = [];
  for (let t = 0; t < ms; t += 100) blocks.push({ track: 1, relative: t, key: key && t === 0, bytes: 300 }, { track: 2, relative: t, key: true, bytes: 80 });
  return blocks;
};
const file = recording(info(), tracks([{ number: 1, type: 'video' }, { number: 2, type: 'audio' }]), cluster(0, av(true, 2000)), cluster(2000, av(true, 2000)), cluster(4000, av(true, 2000)));

async function allow(who: InterviewParties['candidate']): Promise<string> {
  return (await who.api('POST', `${base}/consent`, { sessionId: session, decision: 'allowed', mimeType: WEBM })).body.mine.recordingId;
}
const upload = (who: InterviewParties['candidate'], rec: string, seq: number, body: Uint8Array) =>
  who.fetch(`${base}/${rec}/chunks/${seq}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: body as BodyInit });
async function settled(rec: string) {
  for (let i = 0; i < 100; i++) {
    const row = await fixture.prisma.recording.findUniqueOrThrow({ where: { id: rec } });
    if (row.status === 'finished' || row.status === 'failed') return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`recording ${rec} was not finished within 10 s`);
}
const media = async (who: InterviewParties['candidate'], rec: string) => Buffer.from(await (await who.fetch(`${base}/${rec}/media`)).arrayBuffer());
/** Where the EBML id `id` (1 to 4 bytes, as written) first occurs in `bytes`, or -1. */
const find = (bytes: Buffer, id: number) => {
  const pattern = [(id >>> 24) & 0xff, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff];
  while (pattern[0] === 0) pattern.shift();
  return bytes.indexOf(Buffer.from(pattern));
};

beforeAll(async () => {
  fixture = await serverFixture();
  p = await interviewWithParties(fixture.server.url);
  base = `/api/interviews/${p.id}/recording`;
  session = (await p.interviewer.api('POST', base)).body.session.id;
});
afterAll(async () => {
  await fixture?.close();
});

describe('finishing a recording', () => {
  it('takes chunks captured before the stop, then writes duration and cues once the browser says all are in', async () => {
    const rec = await allow(p.candidate);
    const cut = [0, 1500, 4000, file.length];
    const chunks = [0, 1, 2].map((i) => file.subarray(cut[i], cut[i + 1]));
    expect((await upload(p.candidate, rec, 0, chunks[0]!)).status).toBe(200);
    expect((await upload(p.candidate, rec, 1, chunks[1]!)).status).toBe(200);
    // The interviewer stops everyone while the candidate's last chunk is still on their device.
    expect((await p.interviewer.api('POST', `${base}/stop`, { scope: 'everyone' })).status).toBe(200);
    expect((await upload(p.candidate, rec, 2, chunks[2]!)).status).toBe(200);
    expect((await fixture.prisma.recording.findUniqueOrThrow({ where: { id: rec } })).status).toBe('stopped');

    const done = await p.candidate.api('POST', `${base}/${rec}/complete`, { chunks: 3 });
    expect(done.body).toMatchObject({ nextSeq: 3, finalChunks: 3 });
    const row = await settled(rec);
    expect([row.status, row.durationMs]).toEqual(['finished', 6000]);

    const finished = await media(p.interviewer, rec);
    expect(finished.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    expect(Number(row.bytes)).toBe(finished.length);
    // The raw file had neither; the finished one has its Cues and a Duration before the first Cluster.
    expect([find(Buffer.from(file), ID.Cues), find(Buffer.from(file), ID.Duration)]).toEqual([-1, -1]);
    const firstCluster = find(finished, ID.Cluster);
    expect(find(finished, ID.Cues)).toBeGreaterThan(0);
    expect(find(finished, ID.Cues)).toBeLessThan(firstCluster);
    expect(find(finished, ID.Duration)).toBeLessThan(firstCluster);
    // Finished files take no more chunks.
    expect((await upload(p.candidate, rec, 3, chunks[2]!)).status).toBe(409);
  });

  it('a recording whose recorder restarted (two WebM files in its chunks) is finished whole, on one timeline', async () => {
    session = (await p.interviewer.api('POST', base)).body.session.id;
    const own = await allow(p.interviewer);
    // The second run numbers its tracks the other way round, as a new recorder may.
    const again = recording(info(), tracks([{ number: 1, type: 'audio' }, { number: 2, type: 'video' }]), cluster(0, av(true, 2000).map((b) => ({ ...b, track: 3 - b.track }))));
    for (const [seq, body] of [file, again].entries()) expect((await upload(p.interviewer, own, seq, body)).status).toBe(200);
    expect((await p.interviewer.api('POST', `${base}/${own}/complete`, { chunks: 2 })).status).toBe(200);
    // Ends this session, so the next case can start its own.
    expect((await p.interviewer.api('POST', `${base}/stop`, { scope: 'everyone' })).status).toBe(200);
    const row = await settled(own);
    expect([row.status, row.durationMs]).toEqual(['finished', 8000]);
    const finished = await media(p.interviewer, own);
    expect(finished.indexOf(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), 1)).toBe(-1);
    expect(Number(row.bytes)).toBe(finished.length);
  });

  it('marks a file it cannot finish as failed and keeps it exactly as uploaded', async () => {
    // The session above was stopped: a new Record for this case.
    session = (await p.interviewer.api('POST', base)).body.session.id;
    const own = await allow(p.interviewer);
    const garbage = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(5000, 0xee)]);
    expect((await upload(p.interviewer, own, 0, garbage)).status).toBe(200);
    expect((await p.interviewer.api('POST', `${base}/${own}/complete`, { chunks: 1 })).status).toBe(200);
    const row = await settled(own);
    expect(row.status).toBe('failed');
    expect(Buffer.compare(await media(p.interviewer, own), garbage)).toBe(0);
  });
});
