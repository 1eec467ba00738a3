/**
 * One measured phase of bench/recording.ts against the running app server:
 * the whiteboard load, with or without the recording uploads, and what the
 * server, Postgres and the machine spent meanwhile (from /proc).
 */
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import type pg from 'pg';
import type { Metrics } from './app-target';
import { now, percentile, sleep } from './common';
import { askChild, type Generators } from './generators';
import { cpuProfile, installProbes, readProbes, type ProfileSummary, type ServerProbes } from './inspector';
import type { Schedule } from './load-clients';
import { childrenOf, cpuDelta, cpuOf, machineCpu } from './proc';
import type { UploadConfig, UploadResult } from './uploads';

export interface PhaseSetup {
  name: string;
  uploads: boolean;
  /** Where each uploader goes on from: the previous uploads phase's nextSeq (empty: from 0). */
  startSeq?: number[];
  warmupMs: number;
  windowMs: number;
  drainMs: number;
}

export interface PhaseEnv {
  serverPid: number;
  metrics: () => Promise<Metrics>;
  db: pg.Client;
  dbName: string;
  generators: Generators;
  uploadWorker: ChildProcess;
  uploadConfig: UploadConfig;
  /** The server's inspector (it runs with --inspect=127.0.0.1:0): event-loop and GC probes, and --profile. */
  inspectorUrl: string | undefined;
  /** Take a sampling CPU profile of the server over each window (saved raw under BENCH_PROFILE_DIR when set). */
  profile: boolean;
}

export interface Distribution {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

export interface PhaseFigures {
  name: string;
  uploads: boolean;
  latency: Distribution;
  /** Every latency measured in the window, so several windows of a kind can be pooled. */
  samples: number[];
  delivered: number;
  expected: number;
  writesPerSecond: number;
  disconnects: number;
  /** Board sockets the server refused (size, rate, pending) over the whole run so far. */
  refusals: number;
  serverCpuPct: number;
  pgBenchCpuPct: number;
  machineBusyPct: number;
  clientCpuPct: number[];
  /** The board clients' own event-loop delay (worst worker): a stall there delays receipt, and so shows as board latency too. */
  clientLoop: { p99Ms: number; maxMs: number; gcPauses: number; gcTotalMs: number; gcLongestMs: number };
  /** Recording bytes the server counted in (Recording.bytes) per second of the window. */
  serverBytesPerSecond: number;
  /** Board compactions (BoardSnapshot rows) written in the window. */
  boardSnapshots: number;
  /** Server event-loop delay and GC pauses over the window. */
  probes: ServerProbes | undefined;
  profile: ProfileSummary | undefined;
  upload: (UploadResult & { roundTrip: Distribution; uploaderCpuPct: number; bytesPerSecond: number }) | undefined;
}

export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}

export async function runPhase(setup: PhaseSetup, env: PhaseEnv): Promise<PhaseFigures> {
  const startAt = now() + 1000;
  const schedule: Schedule = { startAt, measureFrom: startAt + setup.warmupMs, measureTo: startAt + setup.warmupMs + setup.windowMs, drainMs: setup.drainMs };

  const pgPids = async () => {
    const { rows } = await env.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [env.dbName]);
    return rows.map((r) => r.pid);
  };
  const recordedBytes = async () => {
    const { rows } = await env.db.query<{ n: string }>('SELECT coalesce(sum(bytes), 0)::text AS n FROM "Recording"');
    return Number(rows[0]!.n);
  };
  // The server process and any children it started.
  const serverPids = () => [env.serverPid, ...childrenOf(env.serverPid)];
  const snapshots = async () => {
    const { rows } = await env.db.query<{ n: string }>('SELECT count(*)::text AS n FROM "BoardSnapshot"');
    return Number(rows[0]!.n);
  };
  const snap = async () => ({ server: cpuOf(serverPids()), pg: cpuOf(await pgPids()), machine: machineCpu(), bytes: await recordedBytes(), snapshots: await snapshots(), at: now() });

  const inspector = env.inspectorUrl;
  const probeFailed = (error: unknown) => (console.error(`[recording] server probes unavailable: ${(error as Error).message}`), undefined);
  const atFrom = (async () => {
    await sleep(schedule.measureFrom - now());
    const s = await snap();
    if (inspector) await installProbes(inspector).catch(probeFailed);
    return s;
  })();
  const atTo = (async () => {
    await sleep(schedule.measureTo - now());
    const probes = inspector ? await readProbes(inspector).catch(probeFailed) : undefined;
    return { ...(await snap()), probes };
  })();
  const saveTo = process.env.BENCH_PROFILE_DIR ? path.join(process.env.BENCH_PROFILE_DIR, `${setup.name.replace(/\W+/g, '-')}.cpuprofile`) : undefined;
  const profiled = env.profile && inspector ? (async () => (await sleep(schedule.measureFrom - now()), cpuProfile(inspector, setup.windowMs, saveTo)))() : undefined;
  const uploads = setup.uploads
    ? askChild<UploadResult>(env.uploadWorker, { type: 'run', config: env.uploadConfig, schedule: { startAt, measureFrom: schedule.measureFrom, measureTo: schedule.measureTo }, startSeq: setup.startSeq }, 'result')
    : undefined;
  const results = await env.generators.run(schedule);
  const [a, b] = await Promise.all([atFrom, atTo]);
  const upload = await uploads;
  const profile = await profiled;
  const metrics = await env.metrics();

  const windowMs = b.at - a.at;
  const boards = metrics.boards;
  const pct = (ms: number, over = windowMs) => (ms / over) * 100;
  return {
    name: setup.name,
    uploads: setup.uploads,
    latency: distribution(results.flatMap((r) => r.latencies)),
    samples: results.flatMap((r) => r.latencies),
    delivered: results.reduce((s, r) => s + r.deliveredInWindow, 0),
    expected: results.reduce((s, r) => s + r.expectedInWindow, 0),
    writesPerSecond: results.reduce((s, r) => s + r.writesInWindow, 0) / (setup.windowMs / 1000),
    disconnects: results.reduce((s, r) => s + r.disconnects, 0),
    refusals: (boards.boardTooLarge ?? 0) + (boards.rateLimited ?? 0) + (boards.unresolvedUpdates ?? 0),
    serverCpuPct: pct(cpuDelta(a.server, b.server)),
    pgBenchCpuPct: pct(cpuDelta(a.pg, b.pg)),
    machineBusyPct: ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * 100 * os.availableParallelism(),
    clientCpuPct: results.map((r) => pct(r.cpuUserMs + r.cpuSystemMs, r.windowMs)),
    clientLoop: {
      p99Ms: Math.max(...results.map((r) => r.eventLoopP99Ms)),
      maxMs: Math.max(...results.map((r) => r.eventLoopMaxMs)),
      gcPauses: results.reduce((n, r) => n + r.gc.pauses, 0),
      gcTotalMs: results.reduce((n, r) => n + r.gc.totalMs, 0),
      gcLongestMs: Math.max(...results.map((r) => r.gc.longestMs)),
    },
    serverBytesPerSecond: ((b.bytes - a.bytes) / windowMs) * 1000,
    boardSnapshots: b.snapshots - a.snapshots,
    probes: b.probes,
    profile,
    upload: upload && {
      ...upload,
      roundTrip: distribution(upload.roundTrips),
      uploaderCpuPct: pct(upload.cpuMs, upload.windowMs),
      bytesPerSecond: (upload.bytesAccepted / upload.windowMs) * 1000,
    },
  };
}

