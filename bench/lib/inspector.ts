/**
 * Talks to a server process started with --inspect=127.0.0.1:0 over the
 * inspector's WebSocket (Chrome DevTools protocol):
 *  - forceGc: HeapProfiler.collectGarbage, so heap figures are live data;
 *  - installProbes/readProbes: an event-loop-delay histogram and GC pause
 *    totals inside the server (perf_hooks), read back after the window;
 *  - cpuProfile: an optional sampling CPU profile (bench --profile only).
 * The servers' own code is not changed; each call opens a short session.
 */
import { fmt } from './common';
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';

export const INSPECTOR_LINE = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/;

export class InspectorSession {
  private id = 0;
  private constructor(private readonly ws: WebSocket) {}

  static async open(url: string): Promise<InspectorSession> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new InspectorSession(ws);
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    const mine = ++this.id;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => (this.ws.off('message', onMessage), reject(new Error(`${method} timed out`))), timeoutMs);
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(data.toString()) as { id?: number; result?: T; error?: { message: string } };
        if (msg.id !== mine) return;
        this.ws.off('message', onMessage);
        clearTimeout(timer);
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve(msg.result as T);
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ id: mine, method, params }));
    });
  }

  async evaluate<T>(expression: string): Promise<T> {
    const out = await this.call<{ result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression,
      includeCommandLineAPI: true, // provides require() in an ES-module process
      returnByValue: true,
    });
    if (out.exceptionDetails) throw new Error(out.exceptionDetails.exception?.description ?? out.exceptionDetails.text);
    return out.result.value;
  }

  close(): void {
    this.ws.close();
  }
}

async function withSession<T>(url: string, work: (s: InspectorSession) => Promise<T>): Promise<T> {
  const session = await InspectorSession.open(url);
  try {
    return await work(session);
  } finally {
    session.close();
  }
}

export function forceGc(url: string, rounds = 2): Promise<void> {
  return withSession(url, async (s) => {
    for (let i = 0; i < rounds; i++) await s.call('HeapProfiler.collectGarbage');
  });
}

export interface ServerProbes {
  loopP50Ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

const PROBE_RESOLUTION_MS = 2;

/** Starts (or restarts) the probes; call at the start of the measured window. */
export function installProbes(url: string): Promise<void> {
  return withSession(url, (s) =>
    s.evaluate(`(() => {
      const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
      const g = (globalThis.__mockroomBench ??= {});
      g.eld?.disable();
      g.obs?.disconnect();
      g.eld = monitorEventLoopDelay({ resolution: ${PROBE_RESOLUTION_MS} });
      g.eld.enable();
      g.gc = { count: 0, totalMs: 0, maxMs: 0 };
      g.obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) { g.gc.count++; g.gc.totalMs += e.duration; g.gc.maxMs = Math.max(g.gc.maxMs, e.duration); }
      });
      g.obs.observe({ entryTypes: ['gc'] });
      return true;
    })()`),
  );
}

/** Reads and stops the probes; call at the end of the window. */
export function readProbes(url: string): Promise<ServerProbes> {
  return withSession(url, (s) =>
    s.evaluate<ServerProbes>(`(() => {
      const g = globalThis.__mockroomBench;
      const r = {
        loopP50Ms: Math.max(0, g.eld.percentile(50) / 1e6 - ${PROBE_RESOLUTION_MS}),
        loopP99Ms: Math.max(0, g.eld.percentile(99) / 1e6 - ${PROBE_RESOLUTION_MS}),
        loopMaxMs: Math.max(0, g.eld.max / 1e6 - ${PROBE_RESOLUTION_MS}),
        gcCount: g.gc.count, gcTotalMs: g.gc.totalMs, gcMaxMs: g.gc.maxMs,
      };
      g.eld.disable();
      g.obs.disconnect();
      return r;
    })()`),
  );
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface ProfileSummary {
  totalMs: number;
  categories: { name: string; ms: number }[];
  functions: { name: string; where: string; category: string; ms: number }[];
}

const CATEGORIES: [string, RegExp][] = [
  ['Prisma (client, query compiler, adapter)', /@prisma|generated\/prisma|prisma/],
  // The only WebAssembly in the app server is Prisma's query compiler.
  ['WebAssembly (Prisma query compiler)', /^wasm:/],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//],
  ['Yjs / lib0 / y-protocols', /node_modules\/(yjs|lib0|y-protocols)\//],
  ['ws', /node_modules\/ws\//],
  ['Next.js', /node_modules\/next\//],
  ['socket.io / engine.io', /node_modules\/(socket\.io|engine\.io)/],
  ['zod', /node_modules\/zod\//],
  ['App code (server/, lib/)', /\/(server|lib)\//],
  ['Bench relay', /bench\//],
  ['Node internals', /^node:|^internal\//],
];

function categorize(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === '(garbage collector)') return 'Garbage collector';
  if (functionName === '(idle)') return 'Idle';
  if (functionName === '(program)') return 'Native / VM (program)';
  if (!url) return 'Native / builtins (no script)';
  for (const [name, re] of CATEGORIES) if (re.test(url)) return name;
  return 'Other scripts';
}

/** A sampling CPU profile over `ms`, summarised by category and top self-time functions. */
export function cpuProfile(url: string, ms: number, saveTo?: string): Promise<ProfileSummary> {
  return withSession(url, async (s) => {
    await s.call('Profiler.enable');
    await s.call('Profiler.setSamplingInterval', { interval: 500 });
    await s.call('Profiler.start');
    await new Promise((r) => setTimeout(r, ms));
    const { profile } = await s.call<{ profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] } }>('Profiler.stop', {}, 60_000);
    await s.call('Profiler.disable');
    // The raw profile too, for Chrome DevTools or bench/profile-stalls.ts (which finds the long tasks).
    if (saveTo) writeFileSync(saveTo, JSON.stringify(profile));
    const totalHits = profile.samples.length || 1;
    const msPerHit = (profile.endTime - profile.startTime) / 1000 / totalHits;
    const categories = new Map<string, number>();
    const functions = new Map<string, { name: string; where: string; category: string; ms: number }>();
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (!hits) continue;
      const cat = categorize(node);
      categories.set(cat, (categories.get(cat) ?? 0) + hits * msPerHit);
      const where = node.callFrame.url ? `${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|lib|bench)\//, '$1/')}:${node.callFrame.lineNumber + 1}` : '';
      const key = `${node.callFrame.functionName}@${where}`;
      const entry = functions.get(key) ?? { name: node.callFrame.functionName || '(anonymous)', where, category: cat, ms: 0 };
      entry.ms += hits * msPerHit;
      functions.set(key, entry);
    }
    return {
      totalMs: (profile.endTime - profile.startTime) / 1000,
      categories: [...categories].map(([name, v]) => ({ name, ms: v })).sort((a, b) => b.ms - a.ms),
      functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, 20),
    };
  });
}

/** A profile summary as markdown: self time by category, then the top functions. */
export function profileMarkdown(what: string, p: ProfileSummary): string {
  const busy = p.categories.filter((c) => c.name !== 'Idle').reduce((n, c) => n + c.ms, 0);
  return `### CPU profile of ${what} (${fmt(p.totalMs / 1000)} s, ${fmt((busy / p.totalMs) * 100)} % busy)

| Where the time went (self time) | ms | % of busy |
|---|---|---|
${p.categories
  .filter((c) => c.name !== 'Idle')
  .map((c) => `| ${c.name} | ${fmt(c.ms, 0)} | ${fmt((c.ms / busy) * 100)} % |`)
  .join('\n')}

| Top functions by self time | Location | Category | ms |
|---|---|---|---|
${p.functions
  .filter((fn) => fn.name !== '(idle)')
  .map((fn) => `| \`${fn.name}\` | ${fn.where || '—'} | ${fn.category} | ${fmt(fn.ms, 0)} |`)
  .join('\n')}
`;
}
