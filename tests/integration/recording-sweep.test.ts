/**
 * The recording sweep, on disk and in S3: retention deletes old recordings'
 * bytes and rows and keeps newer ones; recordings their browser abandoned
 * are finished into seekable files once the grace has passed, not before;
 * and the server runs the sweep itself at start-up. `sweepRecordings` runs in
 * this process on the server's database and store, with its own `now`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disconnectDb } from '../../server/db/client';
import { publishRuntime } from '../../server/env';
import { ABANDONED_AFTER_MS, sweepRecordings } from '../../server/recordings/sweep';
import { ID } from '../../server/recordings/webm/ebml';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { findElement } from '../helpers/webm-builder';
import { BACKENDS, FILE_MS, RecordingMoves, recordingBackend, type RecordingBackend } from '../helpers/recording-backend';

const DAY = 24 * 60 * 60_000;
const RETENTION_DAYS = 30;

describe.each(BACKENDS)('the recording sweep, recordings on %s', (kind) => {
  let backend: RecordingBackend;
  let p: InterviewParties;
  let moves: RecordingMoves;
  const prisma = () => backend.fixture.prisma;
  const sweep = (now: Date, retentionDays?: number) => sweepRecordings({ now, retentionDays, store: backend.store });

  /** A new session in which `who` records the whole file and completes it; returns the session and the finished recording. */
  async function finished(who: InterviewParties['candidate']): Promise<{ session: string; rec: string }> {
    const session = await moves.start(p.interviewer, { fresh: true });
    const rec = await moves.allow(who, session);
    await moves.uploadAll(who, rec);
    expect((await who.api('POST', `${moves.base}/${rec}/complete`, { chunks: 3 })).status).toBe(200);
    expect((await moves.settled(rec)).status).toBe('finished');
    return { session, rec };
  }
  const backdate = (session: string, days: number) =>
    prisma().recordingSession.update({ where: { id: session }, data: { startedAt: new Date(Date.now() - days * DAY) } });

  beforeAll(async () => {
    backend = await recordingBackend(kind, { fixedPort: true, env: { RECORDING_RETENTION_DAYS: String(RETENTION_DAYS) } });
    const { database, env } = backend.fixture;
    publishRuntime({ databaseUrl: database.url, dbMode: 'external', authSecret: env.AUTH_SECRET!, appUrl: backend.fixture.server.url, dataDir: env.DATA_DIR! });
    p = await interviewWithParties(backend.fixture.server.url);
    moves = new RecordingMoves(backend, p.id);
  });
  afterAll(async () => {
    await disconnectDb();
    await backend?.close();
  });

  it('retention deletes the bytes and rows of recordings whose session started too long ago, and keeps the rest', async () => {
    const old = await finished(p.candidate);
    const recent = await finished(p.candidate);
    await backdate(old.session, RETENTION_DAYS + 1);
    expect(await backend.stored(old.rec)).not.toEqual([]);

    // Without a retention period nothing is deleted, however old.
    expect((await sweep(new Date())).deleted).toBe(0);
    expect(await backend.stored(old.rec)).not.toEqual([]);

    expect((await sweep(new Date(), RETENTION_DAYS)).deleted).toBe(1);
    expect(await backend.stored(old.rec)).toEqual([]);
    expect(await prisma().recording.findUnique({ where: { id: old.rec } })).toBeNull();
    // Who consented to what stays; it holds no media.
    expect(await prisma().recordingConsent.count({ where: { sessionId: old.session } })).toBe(1);
    expect((await p.interviewer.fetch(`${moves.base}/${recent.rec}/media`)).status).toBe(200);

    // The recent one goes once its own time comes (a day short of it: kept).
    expect((await sweep(new Date(Date.now() + (RETENTION_DAYS - 1) * DAY), RETENTION_DAYS)).deleted).toBe(0);
    expect((await sweep(new Date(Date.now() + (RETENTION_DAYS + 1) * DAY), RETENTION_DAYS)).deleted).toBe(1);
    expect(await backend.keys()).toEqual([]);
  });

  it('finishes recordings their browser abandoned into seekable files once the grace has passed', async () => {
    const session = await moves.start(p.interviewer, { fresh: true });
    const closedTab = await moves.allow(p.candidate, session);
    const raced = await moves.allow(p.interviewer, session);
    await moves.uploadAll(p.candidate, closedTab);
    await moves.uploadAll(p.interviewer, raced);
    // Stopped, and neither browser ever says how many chunks it captured.
    expect((await p.interviewer.api('POST', `${moves.base}/stop`, { scope: 'everyone' })).status).toBe(200);
    // A file still marked recording after its session stopped (an Allow racing the stop).
    await prisma().recording.update({ where: { id: raced }, data: { status: 'recording', stoppedAt: null } });
    const { stoppedAt } = await prisma().recordingSession.findUniqueOrThrow({ where: { id: session } });

    const early = await sweep(new Date(stoppedAt!.getTime() + ABANDONED_AFTER_MS - 60_000));
    expect(early.finished).toEqual([]);
    const state = async (id: string) => ((r) => [r.status, r.finalChunks])(await prisma().recording.findUniqueOrThrow({ where: { id } }));
    expect([await state(closedTab), await state(raced)]).toEqual([
      ['stopped', null],
      ['recording', null],
    ]);

    const late = await sweep(new Date(stoppedAt!.getTime() + ABANDONED_AFTER_MS + 60_000));
    expect([...late.finished].sort()).toEqual([closedTab, raced].sort());
    for (const id of [closedTab, raced]) {
      const row = await prisma().recording.findUniqueOrThrow({ where: { id } });
      expect([row.status, row.durationMs, row.finalChunks, row.stoppedAt?.getTime()]).toEqual(['finished', FILE_MS, 3, stoppedAt!.getTime()]);
      const media = Buffer.from(await (await p.interviewer.fetch(`${moves.base}/${id}/media`)).arrayBuffer());
      expect(Number(row.bytes)).toBe(media.length);
      // Seekable: its Cues and Duration come before the first Cluster (the uploaded file had neither).
      const cluster = findElement(media, ID.Cluster);
      expect(findElement(media, ID.Cues)).toBeGreaterThan(0);
      expect(findElement(media, ID.Cues)).toBeLessThan(cluster);
      expect(findElement(media, ID.Duration)).toBeLessThan(cluster);
    }
    // The browser coming back later is told the file is closed.
    expect((await moves.upload(p.candidate, closedTab, 3)).status).toBe(409);
    expect((await p.candidate.api('POST', `${moves.base}/${closedTab}/complete`, { chunks: 5 })).status).toBe(409);
  });

  it('a LiveKit recording left waiting by a restart is never finished as an empty browser file', async () => {
    const session = await moves.start(p.interviewer, { fresh: true });
    const rec = await moves.allow(p.candidate, session);
    // As the egress capture leaves it: LiveKit records, no chunk ever comes, and the wait for LiveKit's file was cut by a restart.
    await prisma().recording.update({ where: { id: rec }, data: { egressId: 'EG_cut_by_restart', status: 'stopped', stoppedAt: new Date(Date.now() - 2 * ABANDONED_AFTER_MS) } });
    const swept = await sweep(new Date());
    expect(swept.finished).not.toContain(rec);
    // This server has no LiveKit configured any more, so the recording cannot be collected: it says so.
    const row = await prisma().recording.findUniqueOrThrow({ where: { id: rec } });
    expect([row.status, row.durationMs, row.failure]).toEqual(['failed', null, expect.stringMatching(/LiveKit is no longer configured/)]);
  });

  it('runs at start-up: a restarted server deletes what its retention period has passed', async () => {
    const { session, rec } = await finished(p.interviewer);
    const kept = (await prisma().recording.findMany({ where: { id: { not: rec }, status: 'finished' }, select: { id: true } })).map((r) => r.id);
    await backdate(session, RETENTION_DAYS + 10);
    // Not server.stop(): that also removes the data folder, and with it the recordings on disk.
    const running = backend.fixture.server.process;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
    await backend.fixture.restart();
    await expect.poll(async () => prisma().recording.count({ where: { id: rec } }), { timeout: 15_000 }).toBe(0);
    expect(await backend.stored(rec)).toEqual([]);
    for (const id of kept) expect(await backend.stored(id)).not.toEqual([]);
  });
});
