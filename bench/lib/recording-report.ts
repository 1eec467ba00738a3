/**
 * The markdown report of bench/recording.ts (bench/results/recording.md):
 * tables from the measured figures, the targets, and findings generated
 * from the same figures.
 */
import os from 'node:os';
import { commandLine, fmt, machineMarkdown, type MachineInfo } from './common';
import { profileMarkdown } from './inspector';
import { distribution, type Distribution, type PhaseFigures } from './recording-phase';
import type { Finished, HourFile, SeekRun } from './seek-hour';
import { CHUNK_BYTES, TIMESLICE_MS, type Capture, type CaptureLayout } from './webm-capture';

export const SEEK_P95_TARGET_MS = 200;
export const BOARD_RATIO_TARGET = 1.2;

export interface SeekFigures {
  hour: HourFile;
  chunks: number;
  uploadMs: number;
  finished: Finished;
  run: SeekRun | undefined;
  /** Bytes the server process read (rchar) while Chromium seeked. */
  serverReadBytes: number | undefined;
}

export interface ReportInput {
  options: { prime: number; compactionCycleSeconds: number; profile: boolean; rooms: number; seconds: number; warmup: number; rate: number; pool: number; workers: number; drain: number; seekMinutes: number; seeks: number; seekChunkMiB: number; seekTimeoutMs: number; seed: number; captureSeconds: number };
  machine: MachineInfo;
  capture: Capture;
  layout: CaptureLayout;
  chunks: { firstBytes: number; laterBytes: number };
  uploaders: number;
  phases: PhaseFigures[];
  seek: SeekFigures;
}

const MB = 1e6;
const pct = (n: number) => `${fmt(n)} %`;
const ms = (d: Distribution) => `${fmt(d.p50)} / ${fmt(d.p95)} / ${fmt(d.max)}`;

/** What the machine spent outside this bench's own processes: other users of a shared machine. */
const otherLoad = (f: PhaseFigures) => f.machineBusyPct - f.serverCpuPct - f.clientCpuPct.reduce((s, x) => s + x, 0) - (f.upload?.uploaderCpuPct ?? 0) - f.pgBenchCpuPct;

function phaseTable(phases: PhaseFigures[]): string {
  const row = (label: string, value: (f: PhaseFigures) => string) => `| ${label} | ${phases.map(value).join(' | ')} |`;
  const up = (value: (u: NonNullable<PhaseFigures['upload']>) => string) => (f: PhaseFigures) => (f.upload ? value(f.upload) : '—');
  return [
    `| | ${phases.map((f) => f.name).join(' | ')} |`,
    `|---|${phases.map(() => '---|').join('')}`,
    row('Board latency p50 (ms)', (f) => fmt(f.latency.p50)),
    row('Board latency p95 (ms)', (f) => fmt(f.latency.p95)),
    row('**Board latency p99 (ms)**', (f) => `**${fmt(f.latency.p99)}**`),
    row('Board latency max (ms)', (f) => fmt(f.latency.max)),
    row('Board updates delivered / expected', (f) => `${f.delivered} / ${f.expected}`),
    row('Board writes/s achieved', (f) => fmt(f.writesPerSecond)),
    row('Board client disconnects; board sockets refused (run so far)', (f) => `${f.disconnects}; ${f.refusals}`),
    row('Board compactions (snapshots written) in the window', (f) => String(f.boardSnapshots)),
    row('**Server CPU, process + children (% of one core)**', (f) => `**${pct(f.serverCpuPct)}**`),
    row('Postgres CPU, bench database backends (% of one core)', (f) => pct(f.pgBenchCpuPct)),
    row(`Board clients CPU (% of one core${phases[0]!.clientCpuPct.length > 1 ? ', per worker' : ''})`, (f) => f.clientCpuPct.map(pct).join(', ')),
    row('Uploader process CPU (% of one core)', up((u) => pct(u.uploaderCpuPct))),
    row('Server event-loop delay p50 / p99 / max (ms)', (f) => (f.probes ? `${fmt(f.probes.loopP50Ms)} / ${fmt(f.probes.loopP99Ms)} / ${fmt(f.probes.loopMaxMs)}` : 'n/a')),
    row('Board clients event-loop delay p99 / max (ms)', (f) => `${fmt(f.clientLoop.p99Ms)} / ${fmt(f.clientLoop.maxMs)}`),
    row('Board clients GC in window: pauses / total ms / longest ms', (f) => `${f.clientLoop.gcPauses} / ${fmt(f.clientLoop.gcTotalMs, 0)} / ${fmt(f.clientLoop.gcLongestMs)}`),
    row('Server GC in window: pauses / total ms / longest ms', (f) => (f.probes ? `${f.probes.gcCount} / ${fmt(f.probes.gcTotalMs, 0)} / ${fmt(f.probes.gcMaxMs)}` : 'n/a')),
    row(`Machine busy (% of one core; ${os.availableParallelism()} cores = ${os.availableParallelism() * 100} %)`, (f) => pct(f.machineBusyPct)),
    row('Other load on the machine (busy − server − clients − uploader − Postgres)', (f) => pct(otherLoad(f))),
    row('**Recording bytes accepted per second** (server count, Recording.bytes)', (f) => `**${fmt(f.serverBytesPerSecond / MB, 2)} MB/s**`),
    row('Recording bytes acknowledged per second (uploaders)', up((u) => `${fmt(u.bytesPerSecond / MB, 2)} MB/s`)),
    row('Chunks acknowledged in the window', up((u) => String(u.chunksAccepted))),
    row('**Chunk round trip p50 / p95 / max (ms)**', up((u) => `**${ms(u.roundTrip)}**`)),
    row('Chunks refused or failed', up((u) => (Object.keys(u.failures).length ? Object.entries(u.failures).map(([k, n]) => `${n}× ${k}`).join('; ') : '0'))),
    row('Chunks that waited over a timeslice to be sent', up((u) => String(u.queuedBehind))),
  ].join('\n');
}

function profileSection(phases: PhaseFigures[], asked: boolean): string {
  const profiled = phases.filter((f) => f.profile);
  if (!profiled.length) return '';
  const note = asked ? '> This run took a sampling CPU profile of the server during every window (`--profile`); the profiler costs CPU, so every figure above is perturbed.\n\n' : '';
  return `${note}${profiled.map((f) => profileMarkdown(`the server during "${f.name}"`, f.profile!)).join('\n')}\n`;
}

export function recordingReport(input: ReportInput): string {
  const { options: o, machine, capture, layout, chunks, phases, seek } = input;
  // Windows of each kind alternate (board only, board + uploads, …), so slow drift over the run (boards
  // growing, compactions) falls on both kinds alike; the target compares the p99 of all samples of each kind.
  const uploadPhases = phases.filter((f) => f.uploads);
  const without = phases.filter((f) => !f.uploads);
  const mean = (list: PhaseFigures[], pick: (f: PhaseFigures) => number) => list.reduce((s, f) => s + pick(f), 0) / (list.length || 1);
  const pooledWith = distribution(uploadPhases.flatMap((f) => f.samples));
  const pooledWithout = distribution(without.flatMap((f) => f.samples));
  const ratio = pooledWith.p99 / pooledWithout.p99;
  const withUploads = { serverCpuPct: mean(uploadPhases, (f) => f.serverCpuPct), upload: uploadPhases.at(-1)!.upload };
  const cpuWithout = mean(without, (f) => f.serverCpuPct);
  const overheadCpu = withUploads.serverCpuPct - cpuWithout;
  const uploadMBps = mean(uploadPhases, (f) => f.serverBytesPerSecond) / MB;
  const run = seek.run;
  const seeked = run ? distribution(run.seeks.flatMap((s) => (s.seekedMs === null ? [] : [s.seekedMs]))) : undefined;
  const framed = run ? distribution(run.seeks.flatMap((s) => (s.frameMs === null ? [] : [s.frameMs]))) : undefined;
  const seekTimeouts = run ? run.seeks.filter((s) => s.seekedMs === null).length : 0;
  const frameTimeouts = run ? run.seeks.filter((s) => s.frameMs === null).length : 0;
  const landedOff = run ? Math.max(...run.seeks.map((s) => Math.abs(s.landedAt - s.target))) : Number.NaN;
  const seekOk = seeked !== undefined && seekTimeouts === 0 && seeked.p95 <= SEEK_P95_TARGET_MS;
  const ratioOk = ratio <= BOARD_RATIO_TARGET;
  const keyframeEvery = layout.videoKeyframes ? seek.hour.periodMs / layout.videoKeyframes : Number.NaN;
  const load = os.loadavg();

  const findings: string[] = [];
  findings.push(
    `${input.uploaders} uploaders sent ${fmt(uploadMBps, 2)} MB/s (server count) and the server used ${fmt(overheadCpu)} % of a core more than with the board alone (${fmt(withUploads.serverCpuPct)} vs ${fmt(cpuWithout)} %): about ${fmt(overheadCpu / uploadMBps)} % of a core per MB/s of recording uploads${uploadMBps > 0 ? `, or ${fmt(overheadCpu / input.uploaders, 2)} % per recorded participant` : ''}.`,
  );
  findings.push(
    `Board p99 over all ${uploadPhases.length} windows with uploads: ${fmt(pooledWith.p99)} ms (${pooledWith.count} updates); over all ${without.length} windows without: ${fmt(pooledWithout.p99)} ms (${pooledWithout.count}). Window by window, without: ${without.map((f) => fmt(f.latency.p99)).join(', ')} ms; with: ${uploadPhases.map((f) => fmt(f.latency.p99)).join(', ')} ms. The spread between windows of the same kind is the noise this comparison has on this machine.`,
  );
  const expectedMBps = (input.uploaders * CHUNK_BYTES) / (TIMESLICE_MS / 1000) / MB;
  if (uploadMBps < expectedMBps * 0.9) findings.push(`The server took ${fmt(uploadMBps, 2)} MB/s of the ${fmt(expectedMBps, 2)} MB/s the uploaders produce: uploads fell behind.`);
  for (const f of phases) {
    if (f.probes) findings.push(`During "${f.name}" the server's event loop was delayed ${fmt(f.probes.loopP99Ms)} ms at p99 (max ${fmt(f.probes.loopMaxMs)} ms); every board message queued behind it waits that long. The board clients' own loop: ${fmt(f.clientLoop.p99Ms)} ms at p99, max ${fmt(f.clientLoop.maxMs)} ms (a stall there delays receipt, so it is in the latency too); the largest latency was ${fmt(f.latency.max)} ms.`);
    if (otherLoad(f) > 20) findings.push(`During "${f.name}" processes other than this bench's used ${fmt(otherLoad(f))} % of a core: the machine was shared, and that contention is in this phase's latency.`);
  }
  if (withUploads.upload) {
    const u = withUploads.upload;
    findings.push(`A chunk of ${fmt(CHUNK_BYTES / 1000, 0)} KB took ${fmt(u.roundTrip.p50)} ms at p50 and ${fmt(u.roundTrip.p95)} ms at p95 from request to answer; ${u.queuedBehind} chunks waited more than a timeslice before they could be sent.`);
  }
  for (const f of phases) if (f.machineBusyPct > os.availableParallelism() * 100 * 0.85) findings.push(`During "${f.name}" the machine was ${fmt(f.machineBusyPct)} % busy of ${os.availableParallelism() * 100} %: CPU-bound, so latency includes run-queue waits.`);
  if (run && seeked) {
    findings.push(
      `Seeks: ${run.seeks.length} to seeded random points of the ${fmt(run.duration / 60, 1)}-minute file took ${fmt(seeked.p50)} ms at p50 and ${fmt(seeked.p95)} ms at p95 to \`seeked\` (max ${fmt(seeked.max)} ms)${framed && framed.count ? `, and ${fmt(framed.p50)} / ${fmt(framed.p95)} ms to the first presented frame` : ''}; Chromium made ${run.mediaRequests} media requests for them. The capture has a video keyframe about every ${fmt(keyframeEvery / 1000, 1)} s, which bounds how far a seek has to decode.`,
    );
  }
  if (run && seek.serverReadBytes !== undefined) {
    findings.push(`Serving the ${run.seeks.length} seeks, the server process read ${fmt(seek.serverReadBytes / MB, 1)} MB (${fmt(seek.serverReadBytes / run.seeks.length / MB, 2)} MB a seek) of a ${fmt(seek.finished.bytes / MB, 0)} MB file, for ${run.mediaRequests} Range requests whose Content-Length adds up to ${fmt(run.mediaBytesAnswered / MB, 0)} MB (${fmt((seek.serverReadBytes / run.mediaBytesAnswered) * 100)} % of it): ${seek.serverReadBytes < run.mediaBytesAnswered / 2 ? 'when Chromium cancels an open-ended range, the server stops reading soon after (what it read beyond the player\'s needs is roughly what fits in the socket buffers)' : 'the server reads most of each range even after Chromium cancels it'}.`);
  }
  if (machine.loadAvgAtStart.split(' ')[0] && Number(machine.loadAvgAtStart.split(' ')[0]) >= 2) {
    findings.push(`The machine was shared: load average ${machine.loadAvgAtStart} at the start (other work running), so latency and CPU figures include contention from it.`);
  }

  return `# Recording bench

Upload overhead of ${input.uploaders} recorded participants (${o.rooms} rooms × 2) on the app server, board propagation with and without those uploads in one run, and seek time in Chromium in a ${o.seekMinutes}-minute recording finished by the server.

## Machine

${machineMarkdown(machine)}
| Load average at the end (1/5/15 min) | ${load.map((l) => l.toFixed(2)).join(' ')} |

## Command

\`\`\`sh
${commandLine('bench/recording.ts')}
\`\`\`

## What runs

- One app server (\`server/index.ts\`, production build, \`tests/helpers/app-server.ts\`), a fresh \`mockroom_bench_*\` database and its own temporary \`DATA_DIR\` (recordings on disk, the default store). ${o.rooms} interviews made through the API; in each the interviewer pressed Record and the interviewer and the candidate both allowed (\`${capture.mimeType}\`).
- Board load, as \`bench/whiteboard-load.ts\` runs it: ${o.rooms} rooms × 3 real \`y-websocket\` clients, one writer per room at ${o.rate} Hz over ${o.pool} element ids; latency = receive time − \`sentAt\`, each write expected at two clients. The same connections run every phase. Warm-up ${fmt(o.warmup)} s, ${o.seconds} s measured per phase, ${o.drain} s drain.
- Board compaction: every room writes a snapshot each 500 log rows (${o.compactionCycleSeconds} s of writing at this rate). Rooms started together would all compact in the same tenth of a second, which stalls the server and which real rooms, started at different times, do not do. So an unmeasured ${fmt(o.prime)} s priming run first writes a staggered number of rows per room (room i of n stops at (i + 1)/n of it), spreading the compactions over the cycle, and each phase writes for a whole number of cycles (warm-up + window), so every window holds the same number of compactions; the table shows how many each window held.
- Uploads (phase "Board + uploads" only): ${input.uploaders} uploaders in a separate process, each POSTing chunk \`seq\` of its own recording to \`/api/interviews/:id/recording/:recordingId/chunks/:seq\` (\`application/octet-stream\`, node:http over one kept-alive connection each) every ${TIMESLICE_MS / 1000} s, one request at a time, starts spread over one timeslice. Chunk size from the app's recorder settings (capture.ts: 1 Mbit/s video + 64 kbit/s audio × ${TIMESLICE_MS / 1000} s = ${CHUNK_BYTES} bytes): chunk 0 is a real Chromium capture's WebM head plus one Cluster (${chunks.firstBytes} bytes), later chunks one Cluster of 30 fps and 20 ms blocks (${chunks.laterBytes} bytes).
- Server CPU is user + system time of the server process and its children from \`/proc\`, over the measured window. "Recording bytes accepted" is the growth of \`Recording.bytes\`, which the server increments per stored chunk.
- Seek: ${o.captureSeconds} s of Chromium's fake camera and microphone recorded with the app's MediaRecorder settings (${capture.chunkSizes.length} timeslices, ${capture.bytes.length} bytes, no Cues, no Duration: checked with ts-ebml), its Clusters repeated with shifted Timecodes to ${o.seekMinutes} minutes (\`tests/helpers/webm-builder.ts\` \`writeRepeated\`). Nothing else touches the file: it is uploaded through the chunk route in ${o.seekChunkMiB} MiB chunks, \`POST …/complete\` is sent, and the bench waits for the row to be \`finished\` by the server's finishing step. Then real Chromium, signed in as the recording's owner, loads \`…/media\` (Range requests) into a \`<video>\` on the app's origin and makes ${o.seeks} seeks, one after another, to seeded random points (seed ${o.seed}): time from setting \`currentTime\` to \`seeked\`, and to the first frame presented after it (\`requestVideoFrameCallback\`). Timeout ${o.seekTimeoutMs} ms per seek. The server is otherwise idle during the seeks.

## Board and uploads

${phaseTable(phases)}

${profileSection(phases, o.profile)}## Seek in a ${o.seekMinutes}-minute recording

| | |
|---|---|
| Capture | ${capture.mimeType}, ${fmt(capture.recordedMs / 1000)} s, ${capture.bytes.length} bytes, ${layout.clusters} Clusters, ${layout.videoKeyframes} video keyframes in ${layout.videoFrames} frames |
| Unfinished file | ${fmt(seek.hour.bytes / MB, 1)} MB, the capture repeated every ${seek.hour.periodMs} ms (a video keyframe about every ${fmt(keyframeEvery / 1000, 1)} s) |
| Upload through the chunk route | ${seek.chunks} chunks in ${fmt(seek.uploadMs / 1000)} s (${fmt(seek.hour.bytes / MB / (seek.uploadMs / 1000), 0)} MB/s) |
| **Finishing step** (stoppedAt → finishedAt, server clock) | **${fmt(seek.finished.finishingMs / 1000, 2)} s** (${fmt(seek.hour.bytes / MB / (seek.finished.finishingMs / 1000), 0)} MB/s); seen finished by the bench ${fmt(seek.finished.observedMs / 1000, 2)} s after \`complete\` was sent |
| Finished file | ${fmt(seek.finished.bytes / MB, 1)} MB, Duration ${fmt(seek.finished.durationMs / 1000, 1)} s |
${run ? `| Chromium: duration; loadedmetadata after | ${fmt(run.duration, 1)} s; ${fmt(run.metadataMs)} ms |
| **Seek → \`seeked\` p50 / p95 / max (ms)** | **${ms(seeked!)}** (${seeked!.count} of ${run.seeks.length}; ${seekTimeouts} timed out) |
| Seek → first presented frame p50 / p95 / max (ms) | ${framed!.count ? ms(framed!) : 'n/a'} (${frameTimeouts} without a frame in time) |
| Largest distance between target and landed \`currentTime\` | ${fmt(landedOff * 1000, 0)} ms |
| Media requests during the seeks; their Content-Length summed | ${run.mediaRequests}; ${fmt(run.mediaBytesAnswered / MB, 0)} MB (open-ended ranges are answered to the end of the file; Chromium reads what it needs and cancels) |
| Bytes the server process read while serving the seeks (\`rchar\` from /proc, files and sockets) | ${seek.serverReadBytes === undefined ? 'n/a' : `${fmt(seek.serverReadBytes / MB, 1)} MB`} |` : '| Seeks | not run (--seeks 0) |'}

## Targets

| Target | Result | Met? |
|---|---|---|
| Seek to any point: p95 ≤ ${SEEK_P95_TARGET_MS} ms | ${seeked ? `${fmt(seeked.p95)} ms (${seekTimeouts} timeouts)` : 'not run'} | ${seeked ? (seekOk ? 'yes' : '**no**') : 'n/a'} |
| Board p99 with uploads ≤ ${BOARD_RATIO_TARGET}× without (all windows of each kind pooled) | ${fmt(ratio, 2)}× (${fmt(pooledWith.p99)} vs ${fmt(pooledWithout.p99)} ms) | ${ratioOk ? 'yes' : '**no**'} |

## Interpretation (generated from the figures above)

${findings.map((f) => `- ${f}`).join('\n')}
`;
}
