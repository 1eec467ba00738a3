/**
 * Video join time: from the moment a candidate's browser starts navigating to
 * the room (the page's time origin) until the first frame of the
 * interviewer's video is decoded (an inbound-rtp framesDecoded > 0 in
 * getStats, polled every 20 ms inside the page). The interviewer is already in
 * the room; each run uses a fresh interview and a fresh browser context (cold
 * HTTP cache, new getUserMedia), so every run pays the full cost. The
 * candidate presses the lobby's Join as soon as it can be clicked.
 *
 * In the same run, with the same number of joins, interleaved, a baseline
 * page (bench/video-join-baseline.ts, bundled by esbuild and served on the
 * app's origin through Playwright's page.route, so the session cookie and
 * socket.io work) does only getUserMedia plus one RTCPeerConnection over the
 * same socket.io signalling, against the same app interviewer. The target is
 * the app's p95 within 1.5x the baseline's p95 from the same run.
 *
 *   node --import tsx bench/video-join.ts [--runs 12] [--admin-url postgresql://postgres@127.0.0.1:5432/test]
 *
 * Real Chromium with fake camera and microphone, on loopback only.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startAppServer, testServerEnv } from '../tests/helpers/app-server';
import { newContext, signInThroughApi } from '../tests/helpers/browser';
import { CHROMIUM_ARGS, findChromium } from '../tests/helpers/chromium.mjs';
import { HttpSession, uniqueEmail } from '../tests/helpers/http-session';
import { joinThroughLobby, LOBBY } from '../tests/helpers/lobby';
import {
  commandLine,
  createBenchDatabase,
  DEFAULT_ADMIN_URL,
  fmt,
  localPostgresUrl,
  machineInfo,
  machineMarkdown,
  median,
  numberFlag,
  ROOT,
  onCleanup,
  parseFlags,
  percentile,
  postgresVersion,
  runBench,
  writeResults,
} from './lib/common';

const flags = parseFlags();
const RUNS = numberFlag(flags, 'runs', 12, { min: 10, max: 100 });
const ADMIN_URL = localPostgresUrl(flags.get('admin-url') ?? process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_ADMIN_URL);
/** The app's p95 may be at most this multiple of the baseline page's p95 from the same run. */
const TARGET_RATIO = 1.5;
const PASSWORD = 'a long enough bench password';
const STEPS = [
  ['domContentLoaded', 'HTML parsed (DOMContentLoaded)'],
  ['cameraAsked', 'camera requested'],
  ['cameraReady', 'camera ready'],
  ['joinClicked', 'Join pressed (app only)'],
  ['peerConnection', 'first peer connection (call joined)'],
  ['localDescription', 'own offer or answer set'],
  ['remoteDescription', "other side's offer or answer applied"],
  ['iceChecking', 'ICE checking'],
  ['iceTransportConnected', 'ICE connected'],
  ['iceConnected', 'peer connection connected (DTLS done)'],
] as const;
const log = (line: string) => console.log(`[video-join] ${line}`);

/**
 * Runs in the page before any of its scripts: notes when the first remote
 * video frame is decoded, and when the steps before it happen. Kept as plain
 * JavaScript text: tsx would wrap named functions in a helper the page lacks.
 */
const WATCH_FIRST_FRAME = `(() => {
  const state = window;
  state.__marks = {};
  const mark = (name) => { if (state.__marks[name] === undefined) state.__marks[name] = performance.now(); };
  const Native = window.RTCPeerConnection;
  const pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      mark('peerConnection');
      pcs.push(this);
      this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'connected') mark('iceConnected'); });
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'checking') mark('iceChecking');
        if (this.iceConnectionState === 'connected') mark('iceTransportConnected');
      });
    }
    setLocalDescription(...args) { return super.setLocalDescription(...args).then((r) => { mark('localDescription'); return r; }); }
    setRemoteDescription(...args) { return super.setRemoteDescription(...args).then((r) => { mark('remoteDescription'); return r; }); }
  };
  // Main-thread tasks over 50 ms: the page cannot handle a signal while one runs.
  state.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) state.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    mark('cameraAsked');
    return gum(constraints).then((stream) => { mark('cameraReady'); return stream; });
  };
  document.addEventListener('DOMContentLoaded', () => mark('domContentLoaded'));
  document.addEventListener('click', (e) => { if (e.target && e.target.closest && e.target.closest('[data-testid=lobby-join]')) mark('joinClicked'); }, true);
  const timer = setInterval(async () => {
    for (const pc of pcs) {
      const stats = await pc.getStats().catch(() => null);
      if (stats) stats.forEach((s) => {
        if (state.__firstFrameMs === undefined && s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded || 0) > 0) {
          state.__firstFrameMs = performance.now();
          clearInterval(timer);
        }
      });
    }
  }, 20);
})();`;

async function person(baseUrl: string, name: string) {
  const email = uniqueEmail(name.toLowerCase());
  const session = new HttpSession(baseUrl);
  if ((await session.signUp({ name, email, password: PASSWORD })).status !== 201) throw new Error(`sign-up failed for ${name}`);
  if ((await session.signIn(email, PASSWORD)) !== null) throw new Error(`sign-in failed for ${name}`);
  return { session, email };
}

/** The baseline page: the bundled client inline, served on the app's own origin. */
async function baselinePage(): Promise<string> {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'bench', 'video-join-baseline.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]!.text.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title></head><body><video id="remote" autoplay playsinline muted></video><script>${code}</script></body></html>`;
}

type Kind = 'app' | 'baseline';
interface Sample {
  ms: number;
  marks: Record<string, number>;
  /** Long-task time from navigation to the first frame, and from "call joined" to the first frame. */
  longTasks: number;
  longTasksAfterJoin: number;
}

async function measure(page: Page, kind: Kind, url: string): Promise<Sample> {
  await page.goto(url);
  // A user who presses Join the moment it can be pressed; the camera has been starting since the lobby opened.
  if (kind === 'app') await page.locator(LOBBY).getByTestId('lobby-join').click({ timeout: 90_000 });
  await page.waitForFunction(() => (window as unknown as { __firstFrameMs?: number }).__firstFrameMs !== undefined, undefined, { timeout: 90_000, polling: 50 });
  const [ms, marks, tasks] = await page.evaluate(() => {
    const w = window as unknown as { __firstFrameMs: number; __marks: Record<string, number>; __longTasks: [number, number][] };
    return [w.__firstFrameMs, w.__marks, w.__longTasks] as const;
  });
  const within = (from: number) => tasks.reduce((sum, [start, duration]) => sum + Math.max(0, Math.min(start + duration, ms) - Math.max(start, from)), 0);
  return { ms, marks, longTasks: within(0), longTasksAfterJoin: within(marks.peerConnection ?? ms) };
}

function summary(samples: Sample[]) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0]!, max: sorted.at(-1)! };
}

const stepMedian = (samples: Sample[], key: string) => median(samples.map((s) => s.marks[key] ?? Number.NaN).filter(Number.isFinite));

async function main() {
  const machine = { ...machineInfo(), postgres: await postgresVersion(ADMIN_URL) };
  const database = await createBenchDatabase(ADMIN_URL);
  const env = testServerEnv(database.url, { NODE_ENV: 'production', SIGNIN_LIMIT_PER_IP: '100000', SIGNIN_LIMIT_PER_EMAIL: '100000', SIGNIN_LIMIT_PER_EMAIL_GLOBAL: '100000' });
  onCleanup('remove app data dir', () => rmSync(env.DATA_DIR!, { recursive: true, force: true }));
  const baselineHtml = await baselinePage();
  const app = await startAppServer(env, 300_000);
  onCleanup('stop app server', () => app.stop());
  // A page fulfilled by page.route has no server address, so Chromium's Local Network Access checks
  // treat it as public and block its socket to localhost. Only the baseline page is served that way.
  const browser: Browser = await chromium.launch({ executablePath: findChromium()!, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'], headless: true });
  onCleanup('close browser', () => browser.close());
  log(`app at ${app.url}, ${RUNS} runs each of the app and the baseline page (${(baselineHtml.length / 1024).toFixed(0)} KB)`);

  const ines = await person(app.url, 'Ines');
  const cal = await person(app.url, 'Cal');
  const interviewerContext = await newContext(browser);
  await signInThroughApi(interviewerContext, app.url, ines.email, PASSWORD);
  const interviewer = await interviewerContext.newPage();

  async function freshRoom(): Promise<string> {
    const created = await ines.session.json<{ id: string; invites: { candidate: string } }>('/api/interviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer' }),
    });
    const token = new URL(created.body.invites.candidate).pathname.split('/').pop();
    if ((await cal.session.fetch(`/api/invites/${token}`, { method: 'POST' })).status !== 200) throw new Error('invite failed');
    // The interviewer waits in the room's call, as in a real session.
    await interviewer.goto(`${app.url}/interviews/${created.body.id}`);
    await joinThroughLobby(interviewer);
    await interviewer.waitForSelector('[data-testid=video-panel][data-status=joined]', { timeout: 30_000 });
    return created.body.id;
  }

  async function candidateJoin(kind: Kind, id: string): Promise<Sample> {
    const context = await newContext(browser);
    try {
      await signInThroughApi(context, app.url, cal.email, PASSWORD);
      await context.addInitScript({ content: WATCH_FIRST_FRAME });
      await context.route(`${app.url}/__bench/baseline**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: baselineHtml }));
      const page = await context.newPage();
      page.on('pageerror', (e) => log(`${kind} page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && log(`${kind} console: ${m.text()}`));
      const url = kind === 'app' ? `${app.url}/interviews/${id}` : `${app.url}/__bench/baseline?interview=${id}`;
      return await measure(page, kind, url);
    } finally {
      await context.close();
    }
  }

  const results: Record<Kind, Sample[]> = { app: [], baseline: [] };
  const loads: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, alternating which goes first, so both see the same machine.
    const order: Kind[] = run % 2 === 0 ? ['app', 'baseline'] : ['baseline', 'app'];
    for (const kind of order) {
      const sample = await candidateJoin(kind, await freshRoom());
      results[kind].push(sample);
      loads.push(os.loadavg()[0]!);
      log(`run ${run + 1} ${kind}: ${fmt(sample.ms, 0)} ms (${Object.entries(sample.marks).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')}; long tasks ${fmt(sample.longTasks, 0)} ms, after join ${fmt(sample.longTasksAfterJoin, 0)} ms)`);
    }
  }

  const appStats = summary(results.app);
  const baseStats = summary(results.baseline);
  const ratio = appStats.p95 / baseStats.p95;
  const met = ratio <= TARGET_RATIO;
  const loadEnd = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  log(`app p50 ${fmt(appStats.p50, 0)} ms, p95 ${fmt(appStats.p95, 0)} ms; baseline p50 ${fmt(baseStats.p50, 0)} ms, p95 ${fmt(baseStats.p95, 0)} ms; ratio ${fmt(ratio, 2)} (target ≤ ${TARGET_RATIO}: ${met ? 'met' : 'NOT met'})`);

  const row = (kind: Kind, st: ReturnType<typeof summary>) =>
    `| ${kind === 'app' ? 'app (room, lobby, Join)' : 'baseline page'} | ${RUNS} | ${fmt(st.p50, 0)} ms | ${fmt(st.p95, 0)} ms | ${fmt(st.min, 0)} ms | ${fmt(st.max, 0)} ms | ${fmt(median(results[kind].map((s) => s.longTasks)), 0)} ms | ${fmt(median(results[kind].map((s) => s.longTasksAfterJoin)), 0)} ms |`;
  const report = [
    '# Video join time',
    '',
    `\`${commandLine('bench/video-join.ts')}\``,
    '',
    "From the start of the candidate's navigation (the page's time origin) to the first decoded frame of the interviewer's video (inbound-rtp `framesDecoded > 0`, polled every 20 ms in the page). The interviewer is already in the room's call. Each join: a fresh interview and a fresh browser context (cold HTTP cache, new camera). In the app the candidate presses the lobby's Join as soon as it can be clicked; the camera starts when the lobby opens. Headless Chromium with fake camera and microphone, server and browser on one machine over loopback.",
    '',
    'The **baseline page** is measured in the same run, interleaved with the app (alternating which goes first), with the same number of joins: a minimal page (`bench/video-join-baseline.ts`, bundled with esbuild, served on the app origin by Playwright) that only calls getUserMedia and runs one RTCPeerConnection over the same socket.io signalling events, against the same app interviewer. It is the floor this machine allows at this moment, so the target is a ratio: the app\'s p95 at most 1.5× the baseline\'s p95.',
    '',
    machineMarkdown(machine),
    `| Load average at end (1/5/15 min) | ${loadEnd} |`,
    `| 1-min load average during the runs | median ${fmt(median(loads), 2)}, max ${fmt(Math.max(...loads), 2)} |`,
    '',
    '| page | joins | p50 | p95 | min | max | long tasks, median per join | long tasks after "call joined", median |',
    '|---|---|---|---|---|---|---|---|',
    row('app', appStats),
    row('baseline', baseStats),
    '',
    `**Ratio of p95s (app / baseline): ${fmt(ratio, 2)}×**; target ≤ ${TARGET_RATIO}×: **${met ? 'met' : 'not met'}**. Ratio of p50s: ${fmt(appStats.p50 / baseStats.p50, 2)}×.`,
    '',
    `App samples (ms, in run order): ${results.app.map((s) => fmt(s.ms, 0)).join(', ')}`,
    '',
    `Baseline samples (ms, in run order): ${results.baseline.map((s) => fmt(s.ms, 0)).join(', ')}`,
    '',
    '## Where the time goes (median ms since navigation start)',
    '',
    '| step | app | baseline |',
    '|---|---|---|',
    ...STEPS.map(([key, label]) => `| ${label} | ${fmt(stepMedian(results.app, key), 0)} ms | ${fmt(stepMedian(results.baseline, key), 0)} ms |`),
    `| first remote frame decoded | ${fmt(median(results.app.map((s) => s.ms)), 0)} ms | ${fmt(median(results.baseline.map((s) => s.ms)), 0)} ms |`,
    '',
    'Long tasks are main-thread tasks over 50 ms (PerformanceObserver `longtask`), summed from navigation to the first frame, and from the first RTCPeerConnection ("call joined") to the first frame, where they delay signalling.',
    '',
  ].join('\n');
  log(`report: ${writeResults('video-join.md', report)}`);
}

runBench(main, 40 * 60_000);
