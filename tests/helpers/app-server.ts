/**
 * Starts the real Mockroom server (`node --import tsx server/index.ts`, the
 * same process `npm start` runs) on port 0 and waits for its ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface AppServer {
  url: string;
  process: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first output line matching `pattern` (waits for it). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
}

export interface ExitedServer {
  code: number | null;
  output: string;
}

function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, listeners, exited };
}

/** Default env for a test server: production mode, a fresh data folder, no demo accounts. */
export function testServerEnv(databaseUrl: string | undefined, extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mockroom-test-data-'));
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    DEMO_ACCOUNTS: 'false',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...extra,
  };
}

export async function startAppServer(env: Record<string, string>, timeoutMs = 90_000): Promise<AppServer> {
  const { child, output, listeners, exited } = spawnServer(env);

  const waitForOutput = (pattern: RegExp, waitMs = 15_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output().match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${pattern} in server output:\n${output()}`));
      }, waitMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const ready = await Promise.race([
    waitForOutput(/Mockroom is ready at (\S+)/, timeoutMs),
    exited.then((code) => {
      throw new Error(`Server exited with code ${code} before it was ready:\n${output()}`);
    }),
  ]);

  return {
    url: ready[1]!,
    process: child,
    output,
    waitForOutput,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const code = await exited;
      if (env.DATA_DIR?.includes('mockroom-test-data-')) rmSync(env.DATA_DIR, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs the server expecting it to fail at start-up; returns its exit code and output. */
export async function runServerExpectingExit(env: Record<string, string>, timeoutMs = 30_000): Promise<ExitedServer> {
  const { child, output, exited } = spawnServer(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}
