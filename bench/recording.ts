/**
 * Recording bench: what 50 rooms × 2 recorded participants uploading cost the
 * server, whether the board stays as fast while they upload, and how fast
 * Chromium seeks in an hour-long recording that went through our finishing step.
 *
 *   node --import tsx bench/recording.ts [--rooms 50] [--seconds 30] [--warmup auto] [--prime auto]
 *     [--rate 10] [--pool 300] [--workers 1] [--drain 3] [--phases board,uploads,board]
 *     [--capture-seconds 12] [--seek-minutes 60] [--seeks 100] [--seek-chunk-mib 4]
 *     [--seek-timeout 5000] [--seed 1] [--admin-url postgresql://postgres@127.0.0.1:5432/test]
 *     [--out recording.md] [--profile]   (CPU profile of the server in every window, raw copies under $BENCH_PROFILE_DIR; perturbs the figures)
 *
 * See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { SNAPSHOT_EVERY_ROWS } from '../server/realtime/yjs/persistence';
import { startAppServer, testServerEnv } from '../tests/helpers/app-server';
import type { HttpSession } from '../tests/helpers/http-session';
import { createInterviews, ensureFreshBuild, loopback, metricsReader, signedInUser, type InterviewFixtures } from './lib/app-target';
import { createBenchDatabase, DEFAULT_ADMIN_URL, fmt, localPostgresUrl, machineInfo, now, numberFlag, onCleanup, parseFlags, postgresVersion, runBench, sleep, writeResults } from './lib/common';
import { closeWorkers, forkWorker, startGenerators } from './lib/generators';
import { INSPECTOR_LINE } from './lib/inspector';
import type { RoomSpec } from './lib/load-clients';
import { processReadBytes } from './lib/proc';
import { runPhase, type PhaseFigures } from './lib/recording-phase';
import { recordingReport, type SeekFigures } from './lib/recording-report';
import { completeAndWait, seekInChromium, uploadFile, writeHour } from './lib/seek-hour';
import type { Uploader } from './lib/uploads';
import { captureInChromium, captureLayout, TIMESLICE_MS, writeUploadChunks } from './lib/webm-capture';

const flags = parseFlags();

/**
 * Every room compacts its board log each SNAPSHOT_EVERY_ROWS rows. Rooms that
 * all start together at one rate would compact in lockstep, all within a tenth
 * of a second, which real rooms do not. So an unmeasured priming run writes a
 * staggered number of rows per room (room i of n: (i + 1)/n of a cycle), which
 * spreads the compactions evenly, and every phase writes a whole number of
 * cycles (the warm-up makes up the difference), so each window holds the same
 * number of compactions.
 */
function compactionAligned() {
  const seconds = numberFlag(flags, 'seconds', 30, { min: 1, max: 600 });
  const cycle = SNAPSHOT_EVERY_ROWS / numberFlag(flags, 'rate', 10, { min: 0.1, max: 100 });
  let warmup = (cycle - (seconds % cycle)) % cycle;
  if (warmup < 5) warmup += cycle;
  warmup = numberFlag(flags, 'warmup', warmup, { min: 0, max: 600 });
  const prime = numberFlag(flags, 'prime', cycle, { min: 0, max: 600 });
  return { warmup, prime, compactionCycleSeconds: cycle };
}
const options = {
  rooms: numberFlag(flags, 'rooms', 50, { min: 1, max: 500 }),
  seconds: numberFlag(flags, 'seconds', 30, { min: 1, max: 600 }),
  rate: numberFlag(flags, 'rate', 10, { min: 0.1, max: 100 }),
  pool: numberFlag(flags, 'pool', 300, { min: 1, max: 100_000 }),
  workers: numberFlag(flags, 'workers', 1, { min: 1, max: 16 }),
  drain: numberFlag(flags, 'drain', 3, { min: 0.5, max: 60 }),
  seed: numberFlag(flags, 'seed', 1),
  phases: (flags.get('phases') ?? 'board,uploads,board,uploads,board,uploads,board').split(',').map((p) => p.trim()),
  captureSeconds: numberFlag(flags, 'capture-seconds', 12, { min: 3, max: 120 }),
  seekMinutes: numberFlag(flags, 'seek-minutes', 60, { min: 1, max: 240 }),
  seeks: numberFlag(flags, 'seeks', 100, { min: 0, max: 10_000 }),
  seekChunkMiB: numberFlag(flags, 'seek-chunk-mib', 4, { min: 0.25, max: 8 }),
  seekTimeoutMs: numberFlag(flags, 'seek-timeout', 5000, { min: 100, max: 60_000 }),
  adminUrl: localPostgresUrl(flags.get('admin-url') ?? process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_ADMIN_URL),
  profile: flags.get('profile') === 'true',
  ...compactionAligned(),
  out: flags.get('out') ?? 'recording.md',
};
if (options.phases.some((p) => p !== 'board' && p !== 'uploads')) throw new Error('--phases takes a list of board and uploads, e.g. board,uploads,board');
if (!options.phases.includes('uploads') || !options.phases.includes('board')) throw new Error('--phases must hold at least one board and one uploads phase');
if (!/^[\w.-]+\.md$/.test(options.out)) throw new Error('--out must be a plain file name ending in .md (written under bench/results/)');

const log = (message: string) => console.log(`[recording] ${message}`);

/** Record pressed in each interview and both publishers allowed: one recording per person per room. */
async function startRecordings(fixtures: InterviewFixtures, mimeType: string): Promise<Uploader[]> {
  const { interviewer, candidate } = fixtures.sessions;
  const uploaders: Uploader[] = [];
  const one = async (interviewId: string) => {
    const started = await interviewer.api<{ session: { id: string } }>('POST', `/api/interviews/${interviewId}/recording`);
    if (started.status !== 201) throw new Error(`Record answered ${started.status}: ${JSON.stringify(started.body)}`);
    for (const session of [interviewer, candidate]) {
      const allowed = await session.api<{ mine: { recordingId: string } | null }>('POST', `/api/interviews/${interviewId}/recording/consent`, {
        sessionId: started.body.session.id,
        decision: 'allowed',
        mimeType,
      });
      if (allowed.status !== 200 || !allowed.body.mine) throw new Error(`Allow answered ${allowed.status}: ${JSON.stringify(allowed.body)}`);
      uploaders.push({ interviewId, recordingId: allowed.body.mine.recordingId, cookie: session.cookieHeader() });
    }
  };
  const queue = [...fixtures.ids];
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let id = queue.shift(); id; id = queue.shift()) await one(id);
  }));
  return uploaders;
}

/** An hour of unfinished WebM through the chunk route, completed, finished by the server, then seeked in Chromium. */
async function seekPart(base: string, db: pg.Client, capture: Buffer, work: string, serverPid: number): Promise<SeekFigures> {
  const hour = await writeHour(capture, work, options.seekMinutes * 60_000);
  log(`wrote ${fmt(hour.bytes / 1e6, 0)} MB of unfinished WebM (${options.seekMinutes} min, the capture repeated every ${hour.periodMs} ms)`);
  const interviewer: HttpSession = await signedInUser(base, 'Rea Reviewer');
  const created = await interviewer.api<{ id: string }>('POST', '/api/interviews', { scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer' });
  if (created.status !== 201) throw new Error(`creating the seek interview answered ${created.status}`);
  const id = created.body.id;
  const started = await interviewer.api<{ session: { id: string } }>('POST', `/api/interviews/${id}/recording`);
  const allowed = await interviewer.api<{ mine: { recordingId: string } }>('POST', `/api/interviews/${id}/recording/consent`, { sessionId: started.body.session.id, decision: 'allowed', mimeType: 'video/webm;codecs=vp9,opus' });
  if (allowed.status !== 200) throw new Error(`Allow answered ${allowed.status}: ${JSON.stringify(allowed.body)}`);
  const recordingId = allowed.body.mine.recordingId;

  const uploadStarted = now();
  const chunks = await uploadFile(interviewer, id, recordingId, hour.path, Math.round(options.seekChunkMiB * 2 ** 20));
  const uploadMs = now() - uploadStarted;
  log(`uploaded it in ${chunks} chunks in ${fmt(uploadMs / 1000)} s; completing`);
  const finished = await completeAndWait(interviewer, db, id, recordingId, chunks, 15 * 60_000);
  log(`finishing step: ${finished.status} after ${fmt(finished.finishingMs / 1000, 2)} s (server clock), duration ${fmt(finished.durationMs / 1000)} s, ${fmt(finished.bytes / 1e6, 0)} MB`);
  if (finished.status !== 'finished') throw new Error('the finishing step failed on the hour; see the server log');
  rmSync(hour.path, { force: true });

  const mediaPath = `/api/interviews/${id}/recording/${recordingId}/media`;
  // What the server read while serving the seeks: open-ended ranges that Chromium cancels should not cost the rest of the file.
  const readBefore = processReadBytes(serverPid);
  const run = options.seeks > 0 ? await seekInChromium(base, interviewer.cookieHeader(), mediaPath, options.seeks, options.seed, options.seekTimeoutMs) : undefined;
  const readAfter = processReadBytes(serverPid);
  const serverReadBytes = readBefore === null || readAfter === null ? undefined : readAfter - readBefore;
  return { hour, chunks, uploadMs, finished, run, serverReadBytes };
}

async function main() {
  const machine = machineInfo();
  machine.postgres = await postgresVersion(options.adminUrl);
  const work = mkdtempSync(path.join(os.tmpdir(), 'mockroom-bench-recording-'));
  onCleanup('remove bench work dir', () => rmSync(work, { recursive: true, force: true }));

  log(`recording ${options.captureSeconds} s of Chromium's fake camera and microphone with the app's MediaRecorder settings`);
  const capture = await captureInChromium(options.captureSeconds * 1000);
  const layout = await captureLayout(capture.bytes);
  const chunks = writeUploadChunks(layout.head, work);
  log(`captured ${capture.mimeType}: ${capture.bytes.length} bytes in ${capture.chunkSizes.length} timeslices; ${layout.videoKeyframes} video keyframes in ${layout.videoFrames} frames`);

  await ensureFreshBuild(log);
  const database = await createBenchDatabase(options.adminUrl);
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  onCleanup('close bench db client', () => db.end());
  const token = randomBytes(16).toString('hex');
  const env = testServerEnv(database.url, {
    METRICS_TOKEN: token,
    SIGNIN_LIMIT_PER_IP: '100000',
    NODE_ENV: 'production',
    // For the event-loop and GC probes (and --profile), read through the inspector as whiteboard-load does.
    NODE_OPTIONS: '--inspect=127.0.0.1:0',
  });
  onCleanup('remove app data dir', () => rmSync(env.DATA_DIR!, { recursive: true, force: true }));
  const app = await startAppServer(env, 300_000);
  const unregisterApp = onCleanup('stop app server', () => app.stop());
  const base = loopback(app.url);
  log(`app server pid ${app.process.pid} at ${base}, data in ${env.DATA_DIR}`);

  const fixtures = await createInterviews(base, options.rooms);
  const uploaders = await startRecordings(fixtures, capture.mimeType);
  log(`${options.rooms} interviews, Record pressed and allowed by both: ${uploaders.length} recordings`);
  const rooms: RoomSpec[] = fixtures.ids.map((name, i) => {
    const [writer, other] = i % 2 === 0 ? [fixtures.interviewer, fixtures.candidate] : [fixtures.candidate, fixtures.interviewer];
    return { name, cookies: [writer, other, fixtures.observer] };
  });
  const generators = await startGenerators(
    { serverUrl: `${base.replace(/^http/, 'ws')}/ws/yjs`, rooms, rateHz: options.rate, poolSize: options.pool, seed: options.seed, maxBackoffMs: 1000, connectTimeoutMs: 60_000 },
    options.workers,
  );
  const unregisterGenerators = onCleanup('close load clients', () => generators.close());
  const uploadWorker = forkWorker('bench/lib/upload-worker.ts', 'upload worker');

  if (options.prime > 0) {
    log(`priming the boards for ${fmt(options.prime)} s, staggered (spreads the rooms' compactions; each compacts every ${options.compactionCycleSeconds} s of writing)`);
    const startAt = now() + 500;
    await generators.run({ startAt, measureFrom: startAt, measureTo: startAt + options.prime * 1000, drainMs: 1000, stagger: true });
  }
  const phases: PhaseFigures[] = [];
  // Each uploads phase goes on with the same recordings where the previous one stopped.
  let startSeq: number[] = [];
  const seen = { board: 0, uploads: 0 };
  for (const [i, phase] of options.phases.entries()) {
    const kind = phase as 'board' | 'uploads';
    seen[kind] += 1;
    const name = `${kind === 'uploads' ? 'Board + uploads' : 'Board only'} ${seen[kind]}`;
    log(`phase ${i + 1}/${options.phases.length}: ${name} (warm-up ${options.warmup} s, ${options.seconds} s measured)`);
    const figures = await runPhase(
      { name, uploads: phase === 'uploads', startSeq, warmupMs: options.warmup * 1000, windowMs: options.seconds * 1000, drainMs: options.drain * 1000 },
      {
        serverPid: app.process.pid!,
        metrics: metricsReader(base, token),
        db,
        dbName: database.name,
        generators,
        uploadWorker,
        uploadConfig: { baseUrl: base, uploaders, periodMs: TIMESLICE_MS, ...chunks },
        inspectorUrl: app.output().match(INSPECTOR_LINE)?.[1],
        profile: options.profile,
      },
    );
    log(`  board p99 ${fmt(figures.latency.p99)} ms, server CPU ${fmt(figures.serverCpuPct)} %${figures.upload ? `, uploads ${fmt(figures.upload.bytesPerSecond / 1e6, 2)} MB/s, chunk p95 ${fmt(figures.upload.roundTrip.p95)} ms` : ''}`);
    phases.push(figures);
    if (figures.upload) startSeq = figures.upload.nextSeq;
    await sleep(2000);
  }
  await generators.close();
  unregisterGenerators();
  await closeWorkers([uploadWorker]);

  const seek = await seekPart(base, db, capture.bytes, work, app.process.pid!);
  await app.stop();
  unregisterApp();

  const file = writeResults(options.out, recordingReport({ options, machine, capture, layout, chunks, uploaders: uploaders.length, phases, seek }));
  log(`wrote ${file}`);
}

runBench(main, 30 * 60_000);
