/**
 * Room readiness: from the start of a navigation to the interview room (the
 * page's time origin) until the whiteboard is usable, i.e. the room's own
 * `board-ready` User Timing mark (see board/whiteboard.tsx: the doc has
 * synced, its elements are in Excalidraw's scene and the interactive canvas
 * is in the page). Measured for the interviewer and for the candidate.
 *
 * In the same run, a baseline: a minimal page on the app's origin (served by
 * Playwright's routing, so the session cookie and the WebSocket's Origin are
 * the app's) whose only script is the y-websocket sync of the same doc,
 * bundled from node_modules with esbuild (bench/room-ready-baseline.ts). It
 * marks `board-ready` when the first sync is done.
 *
 * "Fresh load" = a brand-new browser context per navigation: empty HTTP cache,
 * no V8 code cache, new cookies jar (filled from a saved sign-in). "Warm" =
 * further navigations in one context after a first, uncounted one.
 *
 *   node --import tsx bench/room-ready.ts [--runs 30] [--warm 10] [--elements 150]
 *     [--admin-url postgresql://postgres@127.0.0.1:5432/test] [--out room-ready.md]
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { startAppServer, testServerEnv } from '../tests/helpers/app-server';
import { chromium } from 'playwright-core';
import { signInThroughApi } from '../tests/helpers/browser';
import { CHROMIUM_ARGS, findChromium } from '../tests/helpers/chromium.mjs';
import { HttpSession, uniqueEmail } from '../tests/helpers/http-session';
import { boardClient } from '../tests/helpers/yjs-client';
import { ELEMENT_TYPES, elementId, newElement, rng } from './lib/elements';
import {
  commandLine,
  createBenchDatabase,
  DEFAULT_ADMIN_URL,
  fmt,
  kb,
  localPostgresUrl,
  machineInfo,
  machineMarkdown,
  median,
  numberFlag,
  onCleanup,
  parseFlags,
  percentile,
  postgresVersion,
  ROOT,
  runBench,
  sleep,
  writeResults,
} from './lib/common';
import { probeScript, readProbe, type Probe } from './room-ready-probe';

const flags = parseFlags();
const RUNS = numberFlag(flags, 'runs', 30, { min: 5, max: 200 });
const WARM = numberFlag(flags, 'warm', 10, { min: 0, max: 100 });
const ELEMENTS = numberFlag(flags, 'elements', 150, { min: 0, max: 5000 });
const ADMIN_URL = localPostgresUrl(flags.get('admin-url') ?? process.env.BENCH_PG_ADMIN_URL ?? DEFAULT_ADMIN_URL);
const OUT = flags.get('out') ?? 'room-ready.md';
const TARGET_P95_MS = 1500;
const READY_TIMEOUT_MS = 60_000;
const PASSWORD = 'a long enough bench password';
const VIEWPORT = { width: 1280, height: 800 };
const log = (line: string) => console.log(`[room-ready] ${line}`);

type Role = 'interviewer' | 'candidate';
type Target = 'room' | 'baseline';
type Cache = 'cold' | 'warm';
interface Sample extends Probe {
  role: Role;
  target: Target;
  cache: Cache;
}

async function person(baseUrl: string, name: string) {
  const email = uniqueEmail(name.toLowerCase());
  const session = new HttpSession(baseUrl);
  if ((await session.signUp({ name, email, password: PASSWORD })).status !== 201) throw new Error(`sign-up failed for ${name}`);
  if ((await session.signIn(email, PASSWORD)) !== null) throw new Error(`sign-in failed for ${name}`);
  return { session, email };
}

/** Writes `count` realistic elements to the board through the real y-websocket path, then lets the server persist them. */
async function seedBoard(baseUrl: string, interviewId: string, cookie: string, count: number) {
  const client = boardClient(baseUrl, interviewId, cookie);
  await client.synced();
  const random = rng(12);
  client.doc.transact(() => {
    for (let n = 0; n < count; n++) {
      const element = newElement(random, elementId(random), ELEMENT_TYPES[n % ELEMENT_TYPES.length]!, n, Date.now());
      client.elements.set(element.id, element);
    }
  });
  // The server writes its log in batches within 1 s.
  await sleep(2000);
  client.destroy();
  await sleep(500);
}

async function bundleBaseline(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'bench', 'room-ready-baseline.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function main() {
  const machine = { ...machineInfo(), postgres: await postgresVersion(ADMIN_URL) };
  const database = await createBenchDatabase(ADMIN_URL);
  const env = testServerEnv(database.url, { NODE_ENV: 'production', SIGNIN_LIMIT_PER_IP: '100000' });
  onCleanup('remove app data dir', () => rmSync(env.DATA_DIR!, { recursive: true, force: true }));
  const app = await startAppServer(env, 300_000);
  onCleanup('stop app server', () => app.stop());
  // The tests' Chromium, plus one switch: the baseline page is served by
  // Playwright's routing, so Chromium cannot tell it came from loopback and its
  // Local Network Access checks would block its socket to the app. The room is
  // served from loopback itself, so the switch does not change its path.
  const browser = await chromium.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'],
    headless: true,
  });
  onCleanup('close browser', () => browser.close());
  const baselineJs = await bundleBaseline();
  log(`app at ${app.url}; ${RUNS} fresh + ${WARM} warm navigations per role and target; board of ${ELEMENTS} elements; baseline script ${kb(baselineJs.length)}`);

  const ines = await person(app.url, 'Ines');
  const cal = await person(app.url, 'Cal');
  const created = await ines.session.json<{ id: string; invites: { candidate: string } }>('/api/interviews', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer' }),
  });
  const interviewId = created.body.id;
  const token = new URL(created.body.invites.candidate).pathname.split('/').pop();
  if ((await cal.session.fetch(`/api/invites/${token}`, { method: 'POST' })).status !== 200) throw new Error('invite failed');
  await seedBoard(app.url, interviewId, ines.session.cookieHeader(), ELEMENTS);

  // One sign-in per person; every fresh context starts from its saved cookies.
  const states: Record<Role, Awaited<ReturnType<BrowserContext['storageState']>>> = {} as never;
  for (const [role, who] of [['interviewer', ines], ['candidate', cal]] as const) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await signInThroughApi(context, app.url, who.email, PASSWORD);
    states[role] = await context.storageState();
    await context.close();
  }

  const urls: Record<Target, string> = {
    room: `${app.url}/interviews/${interviewId}`,
    baseline: `${app.url}/__bench/room-ready-baseline?interview=${encodeURIComponent(interviewId)}`,
  };
  const freshContext = async (role: Role) => {
    const context = await browser.newContext({ viewport: VIEWPORT, storageState: states[role] });
    await context.addInitScript({ content: probeScript });
    // The baseline lives on the app's origin but never reaches the app.
    await context.route(`${app.url}/__bench/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/__bench/room-ready-baseline') {
        return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>baseline</title><script src="/__bench/baseline.js"></script>' });
      }
      return route.fulfill({ contentType: 'text/javascript', body: baselineJs, headers: { 'cache-control': 'public, max-age=3600' } });
    });
    return context;
  };
  // A load that never gets ready is counted (as a timeout), not allowed to end the run.
  const timeouts: string[] = [];
  const measure = async (context: BrowserContext, role: Role, target: Target, cache: Cache): Promise<Sample | null> => {
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`${role}/${target}: page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && log(`${role}/${target}: console: ${m.text()}`));
    try {
      await page.goto(urls[target], { waitUntil: 'commit' });
      const probe = await readProbe(page, READY_TIMEOUT_MS);
      return { role, target, cache, ...probe };
    } catch (error) {
      const board = await page.evaluate(`JSON.stringify([...(document.querySelector('[data-testid=whiteboard]')?.attributes ?? [])].map((a) => a.name + '=' + a.value))`).catch(() => 'n/a');
      log(`${role}/${target}/${cache}: not ready after ${READY_TIMEOUT_MS} ms (${(error as Error).message.split('\n')[0]}); board attributes ${board as string}`);
      timeouts.push(`${role} ${target} ${cache}`);
      return null;
    } finally {
      await page.close();
    }
  };

  const samples: Sample[] = [];
  const roles: Role[] = ['interviewer', 'candidate'];
  const targets: Target[] = ['room', 'baseline'];
  // Uncounted: a just-started server loads a route's modules on its first
  // render of it (about +500 ms once); a server that has served anyone has.
  for (const role of roles) {
    for (const target of targets) {
      const context = await freshContext(role);
      await measure(context, role, target, 'cold');
      await context.close();
    }
  }
  // Interleaved, so a burst of other work on the machine hits every series alike.
  for (let run = 0; run < RUNS; run++) {
    const line: string[] = [];
    for (const role of roles) {
      for (const target of targets) {
        const context = await freshContext(role);
        const sample = await measure(context, role, target, 'cold');
        await context.close();
        if (sample) samples.push(sample);
        line.push(`${role}/${target} ${sample ? fmt(sample.readyMs, 0) : 'timeout'}`);
      }
    }
    log(`fresh run ${run + 1}/${RUNS}: ${line.join(', ')} ms`);
  }
  if (WARM > 0) {
    for (const role of roles) {
      for (const target of targets) {
        const context = await freshContext(role);
        await measure(context, role, target, 'warm'); // primes the cache; not counted
        for (let run = 0; run < WARM; run++) {
          const sample = await measure(context, role, target, 'warm');
          if (sample) samples.push(sample);
        }
        await context.close();
      }
    }
    log('warm runs done');
  }
  await summarise(machine, samples, baselineJs.length, timeouts);
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

const STEPS: [keyof Probe, string][] = [
  ['responseEnd', 'HTML received'],
  ['domContentLoaded', 'DOMContentLoaded'],
  ['firstContentfulPaint', 'first contentful paint'],
  ['wsCreated', 'board WebSocket created'],
  ['wsOpen', 'board WebSocket open'],
  ['wsFirstMessage', 'first board message received'],
  ['lastScriptEnd', 'last script downloaded (before ready)'],
  ['readyMs', 'board ready'],
];

async function summarise(machine: ReturnType<typeof machineInfo> & { postgres: string }, samples: Sample[], baselineBytes: number, timeouts: string[]) {
  const pick = (role: Role, target: Target, cache: Cache) => samples.filter((s) => s.role === role && s.target === target && s.cache === cache);
  const rows: string[] = [];
  let met = true;
  for (const role of ['interviewer', 'candidate'] as Role[]) {
    for (const target of ['room', 'baseline'] as Target[]) {
      for (const cache of ['cold', 'warm'] as Cache[]) {
        const series = pick(role, target, cache);
        if (series.length === 0) continue;
        const s = stats(series.map((x) => x.readyMs));
        const target95 = target === 'room' && cache === 'cold' ? (s.p95 <= TARGET_P95_MS ? 'met' : 'NOT met') : '';
        if (target95 === 'NOT met') met = false;
        rows.push(`| ${role} | ${target} | ${cache === 'cold' ? 'fresh (cold cache)' : 'warm cache'} | ${s.n} | ${fmt(s.p50, 0)} | ${fmt(s.p95, 0)} | ${fmt(s.max, 0)} | ${fmt(s.min, 0)} | ${target95} |`);
        log(`${role} ${target} ${cache}: p50 ${fmt(s.p50, 0)} p95 ${fmt(s.p95, 0)} max ${fmt(s.max, 0)} ms (n=${s.n})`);
      }
    }
  }
  const bytes = (role: Role, target: Target, cache: Cache, key: 'jsTransferred' | 'jsDecoded' | 'cssDecoded' | 'jsFiles' | 'longTaskMs' | 'longTaskCount') =>
    median(pick(role, target, cache).map((s) => s[key]));
  const coldRoom = samples.filter((s) => s.target === 'room' && s.cache === 'cold');
  const report = [
    '# Room ready: navigation to a usable whiteboard',
    '',
    `\`${commandLine('bench/room-ready.ts')}\``,
    '',
    `From the start of a navigation to the room (the page's time origin) to the room's \`board-ready\` mark: the board's doc has synced with the server, its ${ELEMENTS} elements are in Excalidraw's scene, and Excalidraw's interactive canvas is laid out. The baseline, in the same run, is a page on the app's origin whose only script (${kb(baselineBytes)}, esbuild-bundled yjs + y-websocket) syncs the same doc and marks when done. "Fresh" = a new browser context per navigation (empty HTTP cache, no code cache; cookies from a saved sign-in). "Warm" = later navigations in one context after an uncounted first. Headless Chromium (fake camera and microphone, as a real user's room would start its call), server and browser on one machine over loopback. Runs are interleaved (interviewer room, interviewer baseline, candidate room, candidate baseline), after one uncounted fresh load of each that warms the just-started server.`,
    '',
    machineMarkdown(machine),
    `| Load average at end (1/5/15 min) | ${machineInfo().loadAvgAtStart} |`,
    '',
    `Target: p95 ≤ ${TARGET_P95_MS} ms for a fresh load of the room: **${met && timeouts.length === 0 ? 'met' : 'not met'}**.`,
    '',
    timeouts.length ? `Loads not ready within ${READY_TIMEOUT_MS / 1000} s (left out of the figures below, so the real tail is worse): ${timeouts.join('; ')}.` : `Every load got ready within ${READY_TIMEOUT_MS / 1000} s.`,
    '',
    '| role | page | cache | n | p50 ms | p95 ms | max ms | min ms | target |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## What the room ships (medians, resource timing up to the ready mark)',
    '',
    '| role | page | cache | JS files | JS transferred | JS decoded | CSS decoded | long tasks before ready |',
    '|---|---|---|---|---|---|---|---|',
    ...(['interviewer', 'candidate'] as Role[]).flatMap((role) =>
      (['room', 'baseline'] as Target[]).flatMap((target) =>
        (['cold', 'warm'] as Cache[])
          .filter((cache) => pick(role, target, cache).length > 0)
          .map(
            (cache) =>
              `| ${role} | ${target} | ${cache} | ${fmt(bytes(role, target, cache, 'jsFiles'), 0)} | ${kb(bytes(role, target, cache, 'jsTransferred'))} | ${kb(bytes(role, target, cache, 'jsDecoded'))} | ${kb(bytes(role, target, cache, 'cssDecoded'))} | ${fmt(bytes(role, target, cache, 'longTaskCount'), 0)} tasks, ${fmt(bytes(role, target, cache, 'longTaskMs'), 0)} ms |`,
          ),
      ),
    ),
    '',
    'Baseline transfers are served by Playwright routing (never the network), so its "transferred" column is not comparable.',
    '',
    '## Where a fresh room load spends its time (median ms since navigation start, both roles)',
    '',
    '| step | median | p95 |',
    '|---|---|---|',
    ...STEPS.map(([key, label]) => {
      const values = coldRoom.map((s) => s[key] as number).filter(Number.isFinite);
      return `| ${label} | ${fmt(median(values), 0)} | ${fmt(stats(values).p95, 0)} |`;
    }),
    '',
    '## Main-thread time by script before ready (fresh room loads, both roles)',
    '',
    'From the Long Animation Frames API: the scripts that ran inside frames longer than 50 ms, with their time summed per source file (compile, evaluation and callbacks). Median per load over the runs, and the share of the median ready time.',
    '',
    '| script | median ms per load | of median ready |',
    '|---|---|---|',
    ...scriptTimeRows(coldRoom),
    '',
    '## Largest scripts before ready (fresh interviewer room, median decoded size)',
    '',
    '| script | decoded | transferred |',
    '|---|---|---|',
    ...largestScripts(pick('interviewer', 'room', 'cold')),
    '',
    `Samples, fresh room (ms, run order): interviewer ${pick('interviewer', 'room', 'cold').map((s) => fmt(s.readyMs, 0)).join(', ')}; candidate ${pick('candidate', 'room', 'cold').map((s) => fmt(s.readyMs, 0)).join(', ')}.`,
    '',
    `Samples, fresh baseline (ms): interviewer ${pick('interviewer', 'baseline', 'cold').map((s) => fmt(s.readyMs, 0)).join(', ')}; candidate ${pick('candidate', 'baseline', 'cold').map((s) => fmt(s.readyMs, 0)).join(', ')}.`,
    '',
  ].join('\n');
  log(`report: ${writeResults(OUT, report)}`);
}

function scriptTimeRows(series: Sample[]): string[] {
  if (series.length === 0 || series.every((s) => !s.scriptTime)) return ['| (not recorded) | | |'];
  const names = new Set(series.flatMap((s) => Object.keys(s.scriptTime ?? {})));
  const readyMedian = median(series.map((s) => s.readyMs));
  return [...names]
    .map((name) => ({ name, ms: median(series.map((s) => s.scriptTime?.[name] ?? 0)) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10)
    .map(({ name, ms }) => `| \`${name}\` | ${fmt(ms, 0)} | ${fmt((100 * ms) / readyMedian, 0)} % |`);
}

function largestScripts(series: Sample[]): string[] {
  const byName = new Map<string, { decoded: number[]; transferred: number[] }>();
  for (const s of series) {
    for (const script of s.scripts) {
      const name = script.name.replace(/^https?:\/\/[^/]+/, '');
      const entry = byName.get(name) ?? { decoded: [], transferred: [] };
      entry.decoded.push(script.decoded);
      entry.transferred.push(script.transferred);
      byName.set(name, entry);
    }
  }
  return [...byName]
    .map(([name, e]) => ({ name, decoded: median(e.decoded), transferred: median(e.transferred) }))
    .sort((a, b) => b.decoded - a.decoded)
    .slice(0, 12)
    .map((e) => `| \`${e.name}\` | ${kb(e.decoded)} | ${kb(e.transferred)} |`);
}

runBench(main, 40 * 60_000);
