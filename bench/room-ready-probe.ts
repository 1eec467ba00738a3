/**
 * What bench/room-ready.ts reads from each page: an init script that notes
 * the board socket's milestones and the long tasks, and a reader that waits
 * for the `board-ready` mark and collects the timings and resource sizes.
 */
import type { Page } from 'playwright-core';

/**
 * Runs in the page before any of its scripts. Plain JavaScript text: tsx
 * would wrap named functions in a helper the page lacks.
 */
export const probeScript = `(() => {
  const state = window;
  state.__probe = { longTasks: [], scripts: [] };
  // Room pages load more than the default 250 resources with fonts and chunks.
  performance.setResourceTimingBufferSize(5000);
  const mark = (name) => { if (state.__probe[name] === undefined) state.__probe[name] = performance.now(); };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) state.__probe.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // Long animation frames name the scripts that ran in them: where main-thread time went.
  try {
    new PerformanceObserver((list) => {
      for (const frame of list.getEntries()) for (const s of frame.scripts || []) state.__probe.scripts.push([s.startTime, s.duration, s.sourceURL || '', s.invokerType || '', s.forcedStyleAndLayoutDuration || 0]);
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  document.addEventListener('DOMContentLoaded', () => mark('domContentLoaded'));
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).includes('/ws/yjs/')) {
        mark('wsCreated');
        this.addEventListener('open', () => mark('wsOpen'));
        this.addEventListener('message', () => mark('wsFirstMessage'));
      }
    }
  };
})();`;

export interface ScriptSize {
  name: string;
  transferred: number;
  decoded: number;
}

export interface Probe {
  readyMs: number;
  responseEnd: number;
  domContentLoaded: number;
  firstContentfulPaint: number;
  wsCreated: number;
  wsOpen: number;
  wsFirstMessage: number;
  lastScriptEnd: number;
  jsFiles: number;
  jsTransferred: number;
  jsDecoded: number;
  cssDecoded: number;
  longTaskCount: number;
  longTaskMs: number;
  scripts: ScriptSize[];
  /** Main-thread time of scripts in long animation frames before ready, by source (ms). */
  scriptTime: Record<string, number>;
}

export async function readProbe(page: Page, timeoutMs: number): Promise<Probe> {
  await page.waitForFunction(() => performance.getEntriesByName('board-ready', 'mark').length > 0, undefined, { timeout: timeoutMs, polling: 20 });
  // Plain JavaScript text for the same reason as probeScript.
  return page.evaluate(READ_PROBE) as Promise<Probe>;
}

const READ_PROBE = `(() => {
  const w = window;
  const ready = performance.getEntriesByName('board-ready', 'mark')[0].startTime;
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
  const resources = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= ready);
  const isJs = (r) => r.initiatorType === 'script' || /\\.m?js(\\?|$)/.test(new URL(r.name).pathname);
  const js = resources.filter(isJs);
  const css = resources.filter((r) => /\\.css(\\?|$)/.test(new URL(r.name).pathname));
  const before = w.__probe.longTasks.filter(([start]) => start < ready);
  const num = (v) => (v === undefined ? NaN : v);
  return {
    readyMs: ready,
    responseEnd: nav ? nav.responseEnd : NaN,
    domContentLoaded: num(w.__probe.domContentLoaded),
    firstContentfulPaint: fcp,
    wsCreated: num(w.__probe.wsCreated),
    wsOpen: num(w.__probe.wsOpen),
    wsFirstMessage: num(w.__probe.wsFirstMessage),
    lastScriptEnd: js.length ? Math.max(...js.map((r) => r.responseEnd)) : NaN,
    jsFiles: js.length,
    jsTransferred: js.reduce((sum, r) => sum + r.transferSize, 0),
    jsDecoded: js.reduce((sum, r) => sum + r.decodedBodySize, 0),
    cssDecoded: css.reduce((sum, r) => sum + r.decodedBodySize, 0),
    longTaskCount: before.length,
    longTaskMs: before.reduce((sum, [start, duration]) => sum + Math.min(duration, ready - start), 0),
    scripts: js.map((r) => ({ name: r.name, transferred: r.transferSize, decoded: r.decodedBodySize })),
    scriptTime: w.__probe.scripts.filter(([start]) => start < ready).reduce((acc, [start, duration, url]) => {
      const key = url ? new URL(url).pathname : '(no source: event handlers, microtasks)';
      acc[key] = (acc[key] || 0) + Math.min(duration, ready - start);
      return acc;
    }, {}),
  };
})()`;
