/**
 * The review page (issue 14) on an hour-long session: time to the first
 * rendered board, seek-to-rendered-board latency, memory.
 *
 *   node --import tsx bench/review.ts [--minutes 60] [--updates 36000] [--elements 300]
 *     [--marks 200] [--seeks 100] [--seed 1] [--api-only]
 *     [--admin-url postgresql://postgres@127.0.0.1:5432/test] [--out review.md]
 *
 * One production server on a fresh database. Through the API: an interviewer,
 * a candidate and an observer, three interviews. Straight into Postgres, the
 * same generated session in each (bench/lib/review-session.ts): 36,000 board
 * updates over 300 elements, the timer log of the 60-minute agenda, 200
 * marks. Then:
 *
 * - API: `GET /api/interviews/<id>/review` and every board segment, checked
 *   (counts, decoded segments, the final board) and timed on loopback: the
 *   server's first request of each route, a cold replay cache (an interview
 *   not yet reviewed, routes already loaded), and warm.
 * - The server is restarted (same database), so the page's first open is the
 *   first request after a start. Chromium, as the interviewer, 1280×800:
 *   `data-rendered-at` of `[data-testid="review-board"]` on the cold open,
 *   on fresh browser contexts and on reloads; then `--seeks` seeded random
 *   seeks through `input[data-testid="review-scrubber"]`, each timed from
 *   setting the value to the `data-rendered-at` of the board showing that
 *   ms; the ids in `data-elements` compared with the generator's own record.
 *   JS heap (CDP) after load and after the seeks; the server's RSS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Review } from '../lib/api/review';
import { decodeSegment } from '../lib/review/segment-codec';
import { db, disconnectDb } from '../server/db/client';
import { publishRuntime } from '../server/env';
import { startAppServer, testServerEnv, type AppServer } from '../tests/helpers/app-server';
import { CHROMIUM_ARGS, findChromium } from '../tests/helpers/chromium.mjs';
import type { HttpSession } from '../tests/helpers/http-session';
import { createInterviews, ensureFreshBuild, loopback } from './lib/app-target';
import {
  commandLine,
  createBenchDatabase,
  DEFAULT_ADMIN_URL,
  fmt,
  kb,
  localPostgresUrl,
  machineInfo,
  machineMarkdown,
  mb,
  median,
  numberFlag,
  onCleanup,
  parseFlags,
  percentile,
  postgresVersion,
  runBench,
  sleep,
  writeResults,
} from './lib/common';
import { rng } from './lib/elements';
import {
  expectedIdsAt,
  generateBoard,
  markCounts,
  replayedIds,
  timing,
  writeSession,
  type AgendaPhase,
  type GeneratedBoard,
  type RubricSnapshot,
} from './lib/review-session';

const flags = parseFlags();
const MINUTES = numberFlag(flags, 'minutes', 60, { min: 45, max: 60 });
const UPDATES = numberFlag(flags, 'updates', 36_000, { min: 100, max: 500_000 });
const ELEMENTS = numberFlag(flags, 'elements', 300, { min: 20, max: 20_000 });
const MARKS = numberFlag(flags, 'marks', 200, { min: 30, max: 5000 });
const SEEKS = numberFlag(flags, 'seeks', 100, { min: 1, max: 2000 });
const SEED = numberFlag(flags, 'seed', 1);
const FRESH = numberFlag(flags, 'fresh', 3, { min: 0, max: 50 });
const RELOADS = numberFlag(flags, 'reloads', 5, { min: 1, max: 50 });
const API_ONLY = flags.get('api-only') === 'true';
const SEEK_TIMEOUT_MS = numberFlag(flags, 'seek-timeout', 10_000, { min: 1000, max: 120_000 });
const ADMIN_URL = localPostgresUrl(flags.get('admin-url') ?? process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_ADMIN_URL);
const OUT = flags.get('out') ?? 'review.md';
const TARGET_FIRST_RENDER_MS = 1500;
const TARGET_SEEK_P95_MS = 200;
const RENDER_TIMEOUT_MS = 60_000;
const VIEWPORT = { width: 1280, height: 800 };
const BOARD = '[data-testid="review-board"]';
const SCRUBBER = 'input[data-testid="review-scrubber"]';
const log = (line: string) => console.log(`[review] ${line}`);

// ---------------------------------------------------------------- small helpers

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

interface Timed {
  ms: number;
  status: number;
  bytes: Uint8Array;
}

/** One request, timed from sending it to the last byte of the answer (loopback, so this is the server's time plus a little). */
async function timedGet(session: HttpSession, pathname: string): Promise<Timed> {
  const began = performance.now();
  const response = await session.fetch(pathname);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { ms: performance.now() - began, status: response.status, bytes };
}

function expectOk(what: string, t: Timed) {
  if (t.status !== 200) throw new Error(`${what} answered ${t.status}: ${new TextDecoder().decode(t.bytes).slice(0, 300)}`);
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN, min: sorted[0] ?? Number.NaN };
};

// ---------------------------------------------------------------- API checks

interface ApiFigures {
  reviewFirst: number;
  reviewColdCache: number;
  reviewWarm: number[];
  reviewBytes: number;
  segmentFirst: number;
  segmentColdCache: number;
  segmentsWarm: number[];
  segmentBytes: number[];
  segmentCount: number;
  markers: Record<string, number>;
  phases: number;
  durationMs: number;
  finalMatches: boolean;
  finalElements: number;
  missing: Review['missing'];
}

async function apiChecks(session: HttpSession, ids: [string, string, string], board: GeneratedBoard, expectedMarkers: number): Promise<ApiFigures> {
  const [a, b, c] = ids;
  const review = (id: string) => `/api/interviews/${id}/review`;
  const segment = (id: string, i: number) => `/api/interviews/${id}/review/board/${i}`;

  // The server's first request of the review route (its modules load, and A's replay is built).
  const first = await timedGet(session, review(a));
  expectOk('GET review (first)', first);
  const body = JSON.parse(new TextDecoder().decode(first.bytes)) as Review;
  if (!body.board) throw new Error('the interviewer’s review has no board track');
  if (body.board.updates !== board.updates.length) throw new Error(`board.updates is ${body.board.updates}, expected ${board.updates.length}`);
  if (body.markers.length !== expectedMarkers) log(`warning: ${body.markers.length} markers, expected ${expectedMarkers}`);
  const markers: Record<string, number> = {};
  for (const m of body.markers) markers[m.kind] = (markers[m.kind] ?? 0) + 1;

  // Every segment of A: the first is the segment route's first request (replay already cached by the review).
  const segmentsWarm: number[] = [];
  const segmentBytes: number[] = [];
  let segmentFirst = Number.NaN;
  let total = 0;
  let lastDecoded: ReturnType<typeof decodeSegment> | undefined;
  for (const s of body.board.segments) {
    const t = await timedGet(session, segment(a, s.index));
    expectOk(`GET segment ${s.index}`, t);
    if (s.index === 0) segmentFirst = t.ms;
    else segmentsWarm.push(t.ms);
    segmentBytes.push(t.bytes.byteLength);
    const decoded = decodeSegment(new TextDecoder().decode(t.bytes));
    if (decoded.changes.length !== s.count) throw new Error(`segment ${s.index}: ${decoded.changes.length} updates, the review said ${s.count}`);
    if (Math.max(0, decoded.times[0]!) !== s.fromMs) log(`warning: segment ${s.index} starts at ${decoded.times[0]} ms, the review said ${s.fromMs}`);
    for (let i = 1; i < decoded.times.length; i++) if (decoded.times[i]! < decoded.times[i - 1]!) throw new Error(`segment ${s.index}: times go backwards at ${i}`);
    total += decoded.changes.length;
    lastDecoded = decoded;
  }
  if (total !== board.updates.length) throw new Error(`segments hold ${total} updates, expected ${board.updates.length}`);
  // The last segment's checkpoint plus its changes must be the generator's final board.
  const final = new Map(lastDecoded!.checkpoint.map((e) => [e.id, e]));
  for (const change of lastDecoded!.changes) {
    for (const e of change.set) final.set(e.id, e);
    for (const id of change.removed) final.delete(id);
  }
  const shown = new Set(final.keys());
  const expected = expectedIdsAt(board.updates, 0, Number.POSITIVE_INFINITY);
  const finalMatches = shown.size === expected.size && [...shown].every((id) => expected.has(id));

  // A cold replay cache with the routes loaded: B's review, then C's segment before anything else of C.
  const coldReview = await timedGet(session, review(b));
  expectOk('GET review (cold cache)', coldReview);
  const mid = Math.floor(body.board.segments.length / 2);
  const coldSegment = await timedGet(session, segment(c, mid));
  expectOk('GET segment (cold cache)', coldSegment);

  const reviewWarm: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = await timedGet(session, review(a));
    expectOk('GET review (warm)', t);
    reviewWarm.push(t.ms);
  }
  return {
    reviewFirst: first.ms,
    reviewColdCache: coldReview.ms,
    reviewWarm,
    reviewBytes: first.bytes.byteLength,
    segmentFirst,
    segmentColdCache: coldSegment.ms,
    segmentsWarm,
    segmentBytes,
    segmentCount: body.board.segments.length,
    markers,
    phases: body.phases.length,
    durationMs: body.axis.durationMs,
    finalMatches,
    finalElements: shown.size,
    missing: body.missing,
  };
}

// ---------------------------------------------------------------- Chromium

interface RenderProbe {
  renderedAt: number;
  renderedMs: number;
  elements: number;
  responseEnd: number;
  domContentLoaded: number;
  firstContentfulPaint: number;
  /** Scripts fetched before the first render: files, bytes over the wire, decoded bytes. */
  jsFiles: number;
  jsTransferred: number;
  jsDecoded: number;
  /** Main-thread long tasks (> 50 ms) before the first render. */
  longTasks: number;
  longTaskMs: number;
}

/** Before the page's own scripts: long tasks, and room for every resource entry (Excalidraw loads many). */
const INIT_PROBE = `(() => {
  window.__reviewLongTasks = [];
  performance.setResourceTimingBufferSize(5000);
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__reviewLongTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

/** The page's script, as a string: tsx would wrap named functions in a helper the page lacks. */
const READ_BOARD = `(() => {
  const board = document.querySelector('${BOARD}');
  const nav = performance.getEntriesByType('navigation')[0];
  const renderedAt = Number(board.getAttribute('data-rendered-at'));
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const js = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= renderedAt && (r.initiatorType === 'script' || /\\.m?js(\\?|$)/.test(new URL(r.name).pathname)));
  const tasks = (window.__reviewLongTasks || []).filter((t) => t[0] < renderedAt);
  return {
    renderedAt,
    renderedMs: Number(board.getAttribute('data-rendered-ms')),
    elements: (board.getAttribute('data-elements') || '').split(' ').filter(Boolean).length,
    responseEnd: nav ? nav.responseEnd : NaN,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : NaN,
    firstContentfulPaint: fcp ? fcp.startTime : NaN,
    jsFiles: js.length,
    jsTransferred: js.reduce((sum, r) => sum + r.transferSize, 0),
    jsDecoded: js.reduce((sum, r) => sum + r.decodedBodySize, 0),
    longTasks: tasks.length,
    longTaskMs: tasks.reduce((sum, t) => sum + t[1], 0),
  };
})()`;

const DESCRIBE_BOARD = `(() => {
  const board = document.querySelector('${BOARD}');
  const scrubber = document.querySelector('${SCRUBBER}');
  const attrs = (el) => el ? [...el.attributes].map((a) => a.name + '=' + a.value.slice(0, 60)).join(' ') : 'absent';
  return 'board: ' + attrs(board) + '; scrubber: ' + attrs(scrubber) + '; title: ' + document.title;
})()`;

async function firstRender(page: Page, what: string): Promise<RenderProbe> {
  try {
    await page.waitForSelector(`${BOARD}[data-rendered-at]`, { state: 'attached', timeout: RENDER_TIMEOUT_MS });
  } catch (error) {
    const described = await page.evaluate(DESCRIBE_BOARD).catch((e: Error) => `n/a (${e.message})`);
    throw new Error(`${what}: no ${BOARD}[data-rendered-at] within ${RENDER_TIMEOUT_MS} ms (${(error as Error).message.split('\n')[0]}); ${described as string}`);
  }
  return (await page.evaluate(READ_BOARD)) as RenderProbe;
}

const SEEK = `async ({ ms, timeoutMs }) => {
  const board = document.querySelector('${BOARD}');
  const input = document.querySelector('${SCRUBBER}');
  if (!board || !input) return { error: 'missing ' + (board ? 'scrubber' : 'board') };
  const want = String(ms);
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const t0 = performance.now();
  const shows = () => board.getAttribute('data-rendered-ms') === want && Number(board.getAttribute('data-rendered-at')) > t0;
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (shows()) { observer.disconnect(); clearTimeout(timer); resolve(true); }
    });
    observer.observe(board, { attributes: true, attributeFilter: ['data-rendered-ms', 'data-rendered-at'] });
    const timer = setTimeout(() => { observer.disconnect(); resolve(false); }, timeoutMs);
  });
  setter.call(input, want);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const valueAfter = input.value;
  const ok = await done;
  const observedMs = performance.now() - t0;
  const segments = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && /\\/review\\/board\\/\\d+/.test(e.name));
  return {
    segmentFetches: segments.length,
    segmentTransfer: segments.reduce((sum, e) => sum + e.transferSize, 0),
    segmentDoneMs: segments.length ? Math.max(...segments.map((e) => e.responseEnd)) - t0 : null,
    ok,
    valueAfter,
    ms: Number(board.getAttribute('data-rendered-at')) - t0,
    observedMs,
    renderedMs: board.getAttribute('data-rendered-ms'),
    ids: (board.getAttribute('data-elements') || '').split(' ').filter(Boolean),
  };
}`;

interface SeekResult {
  target: number;
  /** Where the segment it needed came from: none fetched (in the page's memory), the browser's HTTP cache, or the network. */
  segment: 'page' | 'http-cache' | 'network';
  /** Bytes over the wire (resource timing transferSize) for the segments fetched during the seek. */
  segmentTransfer: number;
  /** When the last segment fetched during the seek had arrived (ms after the seek began). */
  segmentDoneMs: number | null;
  ok: boolean;
  ms: number;
  observedMs: number;
  elements: number;
  matches: boolean;
  detail?: string;
}

interface HeapFigures {
  used: number;
  total: number;
  usedAfterGc: number;
}

async function heap(page: Page): Promise<HeapFigures> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const read = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
    };
    const before = await read();
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await read();
    return { used: before.used, total: before.total, usedAfterGc: after.used };
  } finally {
    await cdp.detach();
  }
}

interface BrowserFigures {
  cold: RenderProbe;
  fresh: RenderProbe[];
  reloads: RenderProbe[];
  heapAfterLoad: HeapFigures;
  heapAfterSeeks: HeapFigures;
  seeks: SeekResult[];
  scrubberMax: number;
  segmentRequestsLoad: number;
  segmentRequestsSeeks: number;
  rss: { beforeOpen: { rss: number; hwm: number }; afterLoad: { rss: number; hwm: number }; afterSeeks: { rss: number; hwm: number } };
  pageErrors: string[];
}

async function inChromium(app: AppServer, base: string, cookieHeader: string, interviewId: string, board: GeneratedBoard, t0: number, durationMs: number): Promise<BrowserFigures> {
  const pid = app.process.pid!;
  const url = `${base}/interviews/${interviewId}/review`;
  const browser: Browser = await chromium.launch({ executablePath: findChromium() ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  onCleanup('close browser', () => browser.close());
  const cookies = cookieHeader.split('; ').map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url: base };
  });
  const pageErrors: string[] = [];
  let counting: 'load' | 'seeks' | null = 'load';
  const segmentRequests = { load: 0, seeks: 0 };
  const newContext = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript({ content: INIT_PROBE });
    await context.addCookies(cookies);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text().slice(0, 200)}`));
    page.on('request', (request) => {
      if (!counting || !/\/review\/board\/\d+/.test(request.url())) return;
      segmentRequests[counting] += 1;
    });
    return { context, page };
  };

  const rssBeforeOpen = rssOf(pid);
  // Cold: the first request of anything after the server's start.
  const main = await newContext();
  await main.page.goto(url, { waitUntil: 'commit' });
  const cold = await firstRender(main.page, 'cold open');
  log(`cold open: first render at ${fmt(cold.renderedAt)} ms (board at ${cold.renderedMs} ms, ${cold.elements} elements)`);

  // Fresh browser contexts (empty HTTP cache), server warm.
  const fresh: RenderProbe[] = [];
  for (let i = 0; i < FRESH; i++) {
    const other = await newContext();
    await other.page.goto(url, { waitUntil: 'commit' });
    fresh.push(await firstRender(other.page, `fresh context ${i + 1}`));
    await other.context.close();
  }
  // Reloads of the first page (HTTP cache and the browser's code cache warm).
  const reloads: RenderProbe[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await main.page.reload({ waitUntil: 'commit' });
    reloads.push(await firstRender(main.page, `reload ${i + 1}`));
  }
  log(`fresh contexts: ${fresh.map((p) => fmt(p.renderedAt, 0)).join(', ')} ms; reloads: ${reloads.map((p) => fmt(p.renderedAt, 0)).join(', ')} ms`);
  await sleep(1000);
  const heapAfterLoad = await heap(main.page);
  const rssAfterLoad = rssOf(pid);

  const scrubber = (await main.page.evaluate(
    `(() => { const s = document.querySelector('${SCRUBBER}'); return s ? { type: s.type, min: s.min, max: s.max, step: s.step } : null; })()`,
  )) as { type: string; min: string; max: string; step: string } | null;
  if (!scrubber) throw new Error(`contract: no ${SCRUBBER} on the page; ${(await main.page.evaluate(DESCRIBE_BOARD)) as string}`);
  if (scrubber.type !== 'range' || Number(scrubber.min) !== 0) throw new Error(`contract: the scrubber is type=${scrubber.type} min=${scrubber.min}, expected a range from 0`);
  const max = Number(scrubber.max);
  if (max !== durationMs) log(`warning: the scrubber's max is ${scrubber.max}, the axis is ${durationMs} ms`);

  const random = rng(SEED + 303);
  const seeks: SeekResult[] = [];
  counting = 'seeks';
  let current = String(reloads.at(-1)!.renderedMs);
  for (let i = 0; i < SEEKS; i++) {
    let target = Math.floor(random() * (max + 1));
    if (String(target) === current) target = (target + 1) % (max + 1);
    const r = (await main.page.evaluate(`(${SEEK})(${JSON.stringify({ ms: target, timeoutMs: SEEK_TIMEOUT_MS })})`)) as {
      error?: string; ok: boolean; valueAfter: string; ms: number; observedMs: number; renderedMs: string | null; ids: string[];
      segmentFetches: number; segmentTransfer: number; segmentDoneMs: number | null;
    };
    if (r.error) throw new Error(`contract: seek ${i + 1}: ${r.error}`);
    if (r.valueAfter !== String(target)) throw new Error(`contract: setting the scrubber to ${target} left it at ${r.valueAfter} (step=${scrubber.step})`);
    const expected = expectedIdsAt(board.updates, t0, target);
    const matches = r.ids.length === expected.size && r.ids.every((id) => expected.has(id));
    const detail = matches ? undefined : `shows ${r.ids.length}, expected ${expected.size} (${r.ids.filter((id) => !expected.has(id)).length} extra, ${[...expected].filter((id) => !r.ids.includes(id)).length} missing)`;
    const segment = r.segmentFetches === 0 ? 'page' : r.segmentTransfer > 0 ? 'network' : 'http-cache';
    seeks.push({ target, segment, segmentTransfer: r.segmentTransfer, segmentDoneMs: r.segmentDoneMs, ok: r.ok, ms: r.ms, observedMs: r.observedMs, elements: r.ids.length, matches, detail });
    if (!r.ok) log(`seek ${i + 1} to ${target} ms: the board did not show it within ${SEEK_TIMEOUT_MS} ms (rendered-ms ${r.renderedMs})`);
    current = r.renderedMs ?? '';
    if ((i + 1) % 25 === 0) log(`${i + 1} seeks; p50 so far ${fmt(median(seeks.filter((s) => s.ok).map((s) => s.ms)))} ms`);
  }
  counting = null;
  await sleep(1000);
  const heapAfterSeeks = await heap(main.page);
  const rssAfterSeeks = rssOf(pid);
  await browser.close();
  return {
    cold, fresh, reloads, heapAfterLoad, heapAfterSeeks, seeks, scrubberMax: max,
    segmentRequestsLoad: segmentRequests.load, segmentRequestsSeeks: segmentRequests.seeks,
    rss: { beforeOpen: rssBeforeOpen, afterLoad: rssAfterLoad, afterSeeks: rssAfterSeeks },
    pageErrors,
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const machine = { ...machineInfo(), postgres: await postgresVersion(ADMIN_URL) };
  await ensureFreshBuild(log);
  const database = await createBenchDatabase(ADMIN_URL);
  // Its own data folder, so the server can be restarted on it (the tests' helper removes its own on stop).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mockroom-bench-review-'));
  onCleanup('remove app data dir', () => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...testServerEnv(database.url, { NODE_ENV: 'production', SIGNIN_LIMIT_PER_IP: '100000' }) };
  rmSync(env.DATA_DIR!, { recursive: true, force: true });
  env.DATA_DIR = dataDir;
  publishRuntime({ databaseUrl: database.url, dbMode: 'external', authSecret: env.AUTH_SECRET!, appUrl: 'http://127.0.0.1', dataDir });
  onCleanup('disconnect prisma', () => disconnectDb());

  let app = await startAppServer(env, 300_000);
  let stopApp = onCleanup('stop app server', () => app.stop());
  const base = loopback(app.url);
  log(`app at ${base}, database ${database.name}`);
  const fixtures = await createInterviews(base, 3);
  const ids = fixtures.ids as [string, string, string];
  const participants = await db().participant.findMany({ where: { interviewId: ids[0] }, select: { userId: true, role: true } });
  const userOf = (role: string) => participants.find((p) => p.role === role)!.userId;
  const users = { interviewer: userOf('interviewer'), candidate: userOf('candidate'), observer: userOf('observer') };

  const row = await db().interview.findUniqueOrThrow({ where: { id: ids[0] }, select: { scenarioSnapshot: true } });
  const snapshot = row.scenarioSnapshot as unknown as {
    version: string;
    guide: { phases: Record<string, AgendaPhase[]>; constraintCards: { id: string; phase: string }[] };
    rubric: { dimensions: { id: string }[]; signals: Record<string, string[]>; redFlags: string[] };
  };
  const phases = snapshot.guide.phases[String(MINUTES)];
  if (!phases) throw new Error(`the scenario snapshot has no ${MINUTES}-minute agenda`);
  const rubric: RubricSnapshot = {
    version: snapshot.version,
    dimensions: snapshot.rubric.dimensions.map((d) => d.id),
    signals: snapshot.rubric.signals,
    redFlags: snapshot.rubric.redFlags,
    cards: snapshot.guide.constraintCards,
  };

  // The session ended a while ago; whole seconds so the axis is a whole number of ms.
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 3 * 3_600_000;
  const time = timing(phases, t0, SEED);
  const durationMs = time.endAt - t0;
  const genStarted = performance.now();
  const board = generateBoard({ minutes: durationMs / 60_000, updates: UPDATES, elements: ELEMENTS, deletions: Math.round(ELEMENTS / 15), marks: MARKS, seed: SEED }, t0, users);
  const genMs = performance.now() - genStarted;
  const replayCheck = replayedIds(board.updates.map((u) => u.update));
  const expectedFinal = expectedIdsAt(board.updates, t0, Number.POSITIVE_INFINITY);
  if (replayCheck.size !== expectedFinal.size || ![...replayCheck].every((id) => expectedFinal.has(id))) throw new Error('the generated log does not replay to the generated board');
  log(`generated ${board.updates.length} updates (${mb(board.bytes)}) over ${board.created} elements (${board.deleted} deleted) in ${fmt(genMs / 1000)} s; interviewer drew ${fmt(board.interviewerShare * 100)} %`);

  const writeStarted = performance.now();
  let written: Awaited<ReturnType<typeof writeSession>> | undefined;
  for (const interviewId of ids) written = await writeSession(database.url, { interviewId, users, phases, rubric, time, board, marks: MARKS, seed: SEED });
  const writeMs = performance.now() - writeStarted;
  const counts = markCounts(MARKS, rubric);
  log(`wrote 3 sessions in ${fmt(writeMs / 1000)} s: ${written!.boardRows} board rows, ${written!.timerEvents} timer events, ${counts.notes} notes, ${counts.signals + counts.redFlags} ticks, ${counts.cards} cards, ${counts.scoreChanges} score changes each`);

  const api = await apiChecks(fixtures.sessions.interviewer, ids, board, MARKS);
  const rssAfterApi = rssOf(app.process.pid!);
  log(`review: first ${fmt(api.reviewFirst)} ms, cold cache ${fmt(api.reviewColdCache)} ms, warm p50 ${fmt(median(api.reviewWarm))} ms; segments: first ${fmt(api.segmentFirst)} ms, cold cache ${fmt(api.segmentColdCache)} ms, warm p50 ${fmt(median(api.segmentsWarm))} ms`);

  let browserFigures: BrowserFigures | undefined;
  let restartMs = Number.NaN;
  if (!API_ONLY) {
    // A fresh server process on the same database: the page's first open is the first request it serves.
    stopApp();
    await app.stop();
    const restarted = performance.now();
    app = await startAppServer(env, 300_000);
    restartMs = performance.now() - restarted;
    stopApp = onCleanup('stop app server', () => app.stop());
    await sleep(2000);
    browserFigures = await inChromium(app, loopback(app.url), fixtures.sessions.interviewer.cookieHeader(), ids[0], board, t0, durationMs);
  }

  const report = render({ machine, board, counts, api, rssAfterApi, browser: browserFigures, genMs, writeMs, restartMs, durationMs, firstUpdateMs: board.updates[0]!.at - t0, loadEnd: os.loadavg() });
  const target = writeResults(OUT, report);
  log(`wrote ${target}`);
  console.log(report);
}

// ---------------------------------------------------------------- report

function render(r: {
  machine: ReturnType<typeof machineInfo>;
  board: GeneratedBoard;
  counts: ReturnType<typeof markCounts>;
  api: ApiFigures;
  rssAfterApi: { rss: number; hwm: number };
  browser?: BrowserFigures;
  genMs: number;
  writeMs: number;
  restartMs: number;
  durationMs: number;
  firstUpdateMs: number;
  loadEnd: number[];
}): string {
  const { api, board, counts } = r;
  const warmSeg = stats(api.segmentsWarm);
  const segBytes = stats(api.segmentBytes);
  const lines: string[] = [
    `# Review page: first render, seeks, memory (hour-long session)`,
    ``,
    machineMarkdown(r.machine),
    `| Load average at end | ${r.loadEnd.map((l) => l.toFixed(2)).join(' ')} |`,
    ``,
    '```sh',
    commandLine('bench/review.ts'),
    '```',
    ``,
    `## The session`,
    ``,
    `Written straight into Postgres (bench/lib/review-session.ts) for interviews created through the API; the same session in each of three interviews.`,
    ``,
    `| | |`,
    `|---|---|`,
    `| Axis | ${fmt(r.durationMs / 60_000, 0)} min, ${api.phases} phases (start, then \`next\` at each boundary, interior ones up to ±45 s off plan; the last \`next\` finishes the agenda) |`,
    `| Board updates | ${board.updates.length} real Yjs V1 updates (${mb(board.bytes)}), one element change each, through the app's binding (\`writeLocalElements\`) |`,
    `| Elements | ${board.created} created (early ones fast, later ones slower), ${board.deleted} deleted, ${board.edits} moves/resizes; ${board.final.size - board.deleted} on the board at the end |`,
    `| Writers | candidate ${fmt((1 - board.interviewerShare) * 100, 0)} %, interviewer ${fmt(board.interviewerShare * 100, 0)} %; the candidate's tab reloads ${board.reloads} times (new Yjs client id) |`,
    `| Board idle stretches (> 30 s) | ${board.gaps.map((g) => `${fmt(g.fromMs / 1000, 0)}–${fmt(g.toMs / 1000, 0)} s`).join(', ')}; about ${fmt(board.updates.length / ((r.durationMs - board.gaps.reduce((s, g) => s + g.toMs - g.fromMs, 0)) / 1000))} updates/s otherwise |`,
    `| Marks | ${counts.notes + counts.signals + counts.redFlags + counts.cards + counts.scoreChanges}: ${counts.notes} notes, ${counts.signals} signal and ${counts.redFlags} red-flag ticks, ${counts.cards} card reveals, ${counts.scoreChanges} score changes |`,
    `| Generating / writing | ${fmt(r.genMs / 1000)} s / ${fmt(r.writeMs / 1000)} s for the three interviews |`,
    ``,
    `No board snapshots were written: the review replays the log from its first row and never reads them.`,
    ``,
    `## API (interviewer, loopback, request to last byte)`,
    ``,
    `Checked: \`board.updates\` = ${board.updates.length}; ${api.segmentCount} segments, each decoded (\`decodeSegment\`) with its announced count and non-decreasing times, together ${board.updates.length} updates; the last segment's checkpoint plus its updates ${api.finalMatches ? 'equals' : '**differs from**'} the generated final board (${api.finalElements} elements); markers by kind: ${Object.entries(api.markers).map(([k, v]) => `${k} ${v}`).join(', ')}; axis ${api.durationMs} ms.${api.missing.length ? ` Missing parts reported: ${api.missing.map((m) => `${m.part} (${m.reason})`).join('; ')}.` : ''}`,
    ``,
    `| | ms |`,
    `|---|---|`,
    `| \`GET …/review\`, server's first request (route loads, replay built) | ${fmt(api.reviewFirst)} |`,
    `| \`GET …/review\`, cold replay cache (another interview, route loaded) | ${fmt(api.reviewColdCache)} |`,
    `| \`GET …/review\`, warm (10×) p50 / max | ${fmt(median(api.reviewWarm))} / ${fmt(Math.max(...api.reviewWarm))} |`,
    `| \`GET …/review/board/0\`, segment route's first request (replay cached) | ${fmt(api.segmentFirst)} |`,
    `| \`GET …/review/board/${Math.floor(api.segmentCount / 2)}\`, cold replay cache (a third interview's first request) | ${fmt(api.segmentColdCache)} |`,
    `| segments 1–${api.segmentCount - 1}, warm: p50 / p95 / max | ${fmt(warmSeg.p50)} / ${fmt(warmSeg.p95)} / ${fmt(warmSeg.max)} |`,
    ``,
    `Review JSON ${kb(api.reviewBytes)}; segments ${kb(segBytes.p50)} median, ${kb(segBytes.max)} max, ${mb(api.segmentBytes.reduce((a, b) => a + b, 0))} in all. Server RSS after these (three replays cached): ${mb(r.rssAfterApi.rss)} (peak ${mb(r.rssAfterApi.hwm)}).`,
    ``,
  ];
  const b = r.browser;
  if (!b) {
    lines.push(`## Chromium`, ``, `Not run (\`--api-only\`).`);
    return lines.join('\n');
  }
  const ok = b.seeks.filter((s) => s.ok);
  const seek = stats(ok.map((s) => s.ms));
  const observed = stats(ok.map((s) => s.observedMs));
  const late = b.seeks.filter((s) => s.target > r.durationMs * 0.75);
  const freshStats = stats(b.fresh.map((p) => p.renderedAt));
  const reloadStats = stats(b.reloads.map((p) => p.renderedAt));
  const met = (value: number, target: number) => (value <= target ? `met (≤ ${target} ms)` : `**not met** (target ≤ ${target} ms)`);
  const probeRow = (label: string, p: RenderProbe) =>
    `| ${label} | ${fmt(p.renderedAt)} | ${fmt(p.responseEnd)} | ${fmt(p.firstContentfulPaint)} | ${fmt(p.domContentLoaded)} | ${p.jsFiles} / ${kb(p.jsTransferred)} / ${kb(p.jsDecoded)} | ${p.longTasks} / ${fmt(p.longTaskMs, 0)} | ${p.renderedMs} | ${p.elements} |`;
  const group = (label: string, list: SeekResult[]) => {
    const g = stats(list.map((s) => s.ms));
    const arrived = list.filter((s) => s.segmentDoneMs !== null);
    const rest = arrived.length ? stats(arrived.map((s) => s.ms - s.segmentDoneMs!)) : null;
    return `| ${label} | ${g.n} | ${fmt(g.p50)} | ${fmt(g.p95)} | ${fmt(g.max)} | ${arrived.length ? fmt(median(arrived.map((s) => s.segmentDoneMs!))) : '–'} | ${rest ? `${fmt(rest.p50)} / ${fmt(rest.p95)}` : '–'} |`;
  };
  const where = { page: 'in the page', 'http-cache': 'HTTP cache', network: 'network' } as const;
  const transferred = b.seeks.reduce((sum, s) => sum + s.segmentTransfer, 0);
  const slowest = [...ok].sort((x, y) => y.ms - x.ms).slice(0, 8);
  const order = new Map(b.seeks.map((s, i) => [s, i + 1]));
  lines.push(
    `## Chromium (interviewer, ${VIEWPORT.width}×${VIEWPORT.height}, headless, the tests' flags)`,
    ``,
    `The server was restarted on the same database after the API checks (${fmt(r.restartMs / 1000)} s to ready), so the cold open is the first request it served: its page render loads the route's modules and builds the board's replay (the cold-cache figure above).`,
    ``,
    `### First render (\`data-rendered-at\` of the first board drawn, ms from navigation start)`,
    ``,
    `| | first render | HTML response end | first contentful paint | DOMContentLoaded | JS before render: files / transferred / decoded | long tasks before render: n / ms | board at (ms) | elements |`,
    `|---|---|---|---|---|---|---|---|---|`,
    probeRow('cold: first open after the server started', b.cold),
    ...b.fresh.map((p, i) => probeRow(`fresh browser context ${i + 1} (server warm)`, p)),
    ...b.reloads.map((p, i) => probeRow(`reload ${i + 1}`, p)),
    ``,
    `Against the target of ${TARGET_FIRST_RENDER_MS} ms:`,
    ``,
    `- cold open, ${fmt(b.cold.renderedAt)} ms: ${met(b.cold.renderedAt, TARGET_FIRST_RENDER_MS)};`,
    `- fresh browser contexts (empty HTTP cache, server warm), median ${fmt(median(b.fresh.map((p) => p.renderedAt)))} ms, max ${fmt(freshStats.max)} ms: ${met(freshStats.max, TARGET_FIRST_RENDER_MS)};`,
    `- reloads, median ${fmt(median(b.reloads.map((p) => p.renderedAt)))} ms, max ${fmt(reloadStats.max)} ms: ${met(reloadStats.max, TARGET_FIRST_RENDER_MS)}.`,
    ``,
    `The first render showed the board at ${b.cold.renderedMs} ms on the axis with ${b.cold.elements} elements; the board's first update is at ${r.firstUpdateMs} ms${b.cold.elements === 0 ? ', so what is timed is the page, Excalidraw and an empty scene, not a segment' : ''}. Segment requests while loading (all opens together): ${b.segmentRequestsLoad}.`,
    ``,
    `### Seeks (${b.seeks.length}, seeded random integer ms over 0–${b.scrubberMax}, one at a time)`,
    ``,
    `From setting the scrubber's value (native setter + \`input\` event) to the \`data-rendered-at\` of the board showing that ms.`,
    ``,
    `| | n | p50 ms | p95 ms | max ms | segment arrived (p50 ms) | after it arrived: p50 / p95 ms |`,
    `|---|---|---|---|---|---|---|`,
    group('all seeks', ok),
    group('… segment fetched over the network', ok.filter((s) => s.segment === 'network')),
    group('… segment from the browser\'s HTTP cache', ok.filter((s) => s.segment === 'http-cache')),
    group('… segment already in the page (no fetch)', ok.filter((s) => s.segment === 'page')),
    ``,
    `"Segment arrived" is the resource-timing \`responseEnd\` of the segment fetched during the seek; what follows it is decoding, building the doc from the checkpoint, applying up to one segment of updates, reading the elements, Excalidraw's \`updateScene\` and the two frames the page waits for.`,
    ``,
    `All seeks: min ${fmt(seek.min)} ms; until the script saw the attributes, p50 ${fmt(observed.p50)} / p95 ${fmt(observed.p95)} ms.`,
    ``,
    `Seek p95 ${fmt(seek.p95)} ms: ${met(seek.p95, TARGET_SEEK_P95_MS)}.${b.seeks.length - ok.length ? ` **${b.seeks.length - ok.length} seeks timed out** (${SEEK_TIMEOUT_MS} ms) and are left out of the figures.` : ''}`,
    ``,
    `Slowest seeks:`,
    ``,
    `| seek # | to (ms) | ms | segment | arrived at (ms) | elements shown |`,
    `|---|---|---|---|---|---|`,
    ...slowest.map((s) => `| ${order.get(s)} | ${s.target} | ${fmt(s.ms)} | ${where[s.segment]}${s.segmentTransfer ? ` (${kb(s.segmentTransfer)})` : ''} | ${s.segmentDoneMs === null ? '–' : fmt(s.segmentDoneMs)} | ${s.elements} |`),
    ``,
    `Elements shown: the ids in \`data-elements\` equal the generator's own record of the board at that ms in ${b.seeks.filter((s) => s.matches).length} of ${b.seeks.length} seeks${b.seeks.some((s) => !s.matches) ? ` (first mismatches: ${b.seeks.filter((s) => !s.matches).slice(0, 3).map((s) => `${s.target} ms: ${s.detail}`).join('; ')})` : ''}. Seeks past 75 % of the axis (${late.length}) showed ${late.length ? `${Math.min(...late.map((s) => s.elements))}–${Math.max(...late.map((s) => s.elements))}` : 'n/a'} elements. Segment requests during the seeks: ${b.segmentRequestsSeeks} (${b.seeks.filter((s) => s.segment === 'network').length} seeks over the network, ${mb(transferred)}; ${b.seeks.filter((s) => s.segment === 'http-cache').length} from the HTTP cache).`,
    ``,
    `### Memory`,
    ``,
    `| | JS heap used | JS heap total | used after a forced GC |`,
    `|---|---|---|---|`,
    `| after load (last reload, +1 s) | ${mb(b.heapAfterLoad.used)} | ${mb(b.heapAfterLoad.total)} | ${mb(b.heapAfterLoad.usedAfterGc)} |`,
    `| after the ${b.seeks.length} seeks (+1 s) | ${mb(b.heapAfterSeeks.used)} | ${mb(b.heapAfterSeeks.total)} | ${mb(b.heapAfterSeeks.usedAfterGc)} |`,
    ``,
    `| Server process (restarted) | RSS | peak RSS (VmHWM) |`,
    `|---|---|---|`,
    `| before the first open | ${mb(b.rss.beforeOpen.rss)} | ${mb(b.rss.beforeOpen.hwm)} |`,
    `| after the opens and reloads | ${mb(b.rss.afterLoad.rss)} | ${mb(b.rss.afterLoad.hwm)} |`,
    `| after the seeks | ${mb(b.rss.afterSeeks.rss)} | ${mb(b.rss.afterSeeks.hwm)} |`,
    ``,
    b.pageErrors.length ? `Page errors and console errors (${b.pageErrors.length}): ${[...new Set(b.pageErrors)].slice(0, 5).map((e) => `\`${e.replace(/`/g, "'")}\``).join('; ')}` : `No page errors or console errors.`,
  );
  return lines.join('\n');
}

runBench(main, 40 * 60_000);
