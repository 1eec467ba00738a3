/**
 * The harness of the recording e2e tests (recording-queue, recording-devices):
 * the recording modules bundled with esbuild into a page served by a small
 * Node stand-in for the chunk endpoint (tests/helpers/chunk-server.ts), and a
 * fresh Chromium context per test. Call `recordingHarness()` at the top of a
 * test file: it registers the hooks and hands back the helpers.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser } from './browser';
import { ChunkServer, startChunkServer } from './chunk-server';
import type { RecApi } from './recording-page';

const ROOT = path.resolve(import.meta.dirname, '../..');

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
export const count = (haystack: Buffer, needle: Buffer | string) => {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) n++;
  return n;
};

export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RecordingHarness {
  /** The chunk endpoint's stand-in for the current test (fresh per test). */
  readonly chunkServer: ChunkServer;
  readonly page: Page;
  /** Runs `fn(rec)` in the page. */
  inPage<T, A>(fn: (rec: RecApi, arg: A) => T | Promise<T>, arg?: A): Promise<T>;
}

export function recordingHarness(): RecordingHarness {
  let http: Server;
  let origin = '';
  let chunkServer = new ChunkServer();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const result = await build({
      entryPoints: [path.join(ROOT, 'tests', 'helpers', 'recording-page.ts')],
      bundle: true,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    ({ http, origin } = await startChunkServer(result.outputFiles[0]!.text, () => chunkServer));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
  });
  beforeEach(async () => {
    chunkServer = new ChunkServer();
    context = await browser.newContext();
    page = await context.newPage();
    await page.goto(origin);
  });
  afterEach(async () => {
    await context.close();
  });

  return {
    get chunkServer() {
      return chunkServer;
    },
    get page() {
      return page;
    },
    inPage<T, A>(fn: (rec: RecApi, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
      return page.evaluate(
        ([source, a]) => {
          const f = new Function(`return (${source})`)() as (rec: unknown, arg: unknown) => unknown;
          return f((window as unknown as { rec: unknown }).rec, a);
        },
        [fn.toString(), arg] as const,
      ) as Promise<T>;
    },
  };
}
