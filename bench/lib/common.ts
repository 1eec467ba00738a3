/**
 * Small shared pieces for the benchmarks: CLI flags, machine description,
 * throwaway databases on the local Postgres, cleanup on exit, percentiles.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../../tests/helpers/database';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/** Only a local Postgres: benchmarks create and drop databases on it. */
export const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/test';

// ---------------------------------------------------------------------------
// Flags: --name value or --name=value; booleans as --flag.

export function parseFlags(argv = process.argv.slice(2)): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags.set(arg.slice(2), argv[++i]!);
    else flags.set(arg.slice(2), 'true');
  }
  return flags;
}

export function numberFlag(flags: Map<string, string>, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max} (got ${raw})`);
  return value;
}

export function localPostgresUrl(raw: string): string {
  const url = new URL(raw);
  if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error(`not a postgres URL: ${raw}`);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`benchmarks only target a local Postgres (got host ${url.hostname})`);
  return raw;
}

// ---------------------------------------------------------------------------
// Machine description for the results files.

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memGiB: number;
  node: string;
  date: string;
  postgres?: string;
  git: string;
  loadAvgAtStart: string;
}

export function machineInfo(): MachineInfo {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux
  }
  let git = 'unknown';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'lib', 'app'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length;
    git = dirty ? `${head} + ${dirty} uncommitted change(s) under server/ lib/ app/ (shared working tree)` : head;
  } catch {
    // no git
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    git,
    loadAvgAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

export function machineMarkdown(m: MachineInfo): string {
  return [
    `| | |`,
    `|---|---|`,
    `| CPUs (nproc) | ${m.nproc} |`,
    `| CPU model | ${m.cpuModel} |`,
    `| Memory | ${m.memGiB} GiB |`,
    `| Node | ${m.node} |`,
    ...(m.postgres ? [`| Postgres | ${m.postgres} |`] : []),
    `| Date | ${m.date} |`,
    `| Code | ${m.git} |`,
    `| Load average at start (1/5/15 min) | ${m.loadAvgAtStart} |`,
  ].join('\n');
}

export function writeResults(file: string, markdown: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const target = path.join(RESULTS_DIR, file);
  writeFileSync(target, markdown.endsWith('\n') ? markdown : markdown + '\n');
  return target;
}

// ---------------------------------------------------------------------------
// Cleanup: everything a bench starts registers its undo here. It runs on a
// normal finish, on an error, on SIGINT/SIGTERM and when the run-time budget
// is exceeded.

type Cleanup = { label: string; run: () => Promise<unknown> | unknown };
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(label: string, run: Cleanup['run']): () => void {
  const entry = { label, run };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const { label, run } = cleanups.pop()!;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(run),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out after 20 s')), 20_000))),
        ]);
      } catch (error) {
        console.error(`[bench] cleanup "${label}" failed: ${(error as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  })();
  return cleaning;
}

/** Runs `main` with cleanup on every exit path and a hard wall-clock budget. */
export function runBench(main: () => Promise<void>, budgetMs: number): void {
  const bail = (why: string, code: number) => {
    console.error(`[bench] ${why}: cleaning up`);
    void runCleanups().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bail('interrupted', 130));
  process.once('SIGTERM', () => bail('terminated', 143));
  const budget = setTimeout(() => bail(`run-time budget of ${Math.round(budgetMs / 1000)} s exceeded`, 2), budgetMs);
  budget.unref();
  main()
    .then(async () => {
      await runCleanups();
      clearTimeout(budget);
      process.exit(0);
    })
    .catch(async (error: unknown) => {
      console.error(error);
      await runCleanups();
      process.exit(1);
    });
}

// ---------------------------------------------------------------------------
// Databases.

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  // The same fresh, migrated database the tests use; DROP … IF EXISTS makes a second drop harmless.
  const database = await createTestDatabase(localPostgresUrl(adminUrl), { prefix: 'mockroom_bench_' });
  onCleanup(`drop database ${database.name}`, database.drop);
  return database;
}

export async function postgresVersion(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('SELECT version() AS v');
    return rows[0]!.v.split(' on ')[0]!;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------
// Figures.

/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;
export const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The command line that ran this bench, for the results file. */
export function commandLine(script: string): string {
  const args = process.argv.slice(2).join(' ');
  return `node --import tsx ${script}${args ? ` ${args}` : ''}`;
}
