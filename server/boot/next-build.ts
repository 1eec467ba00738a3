/**
 * `npm start` must work on a fresh clone, so production boot builds the app
 * when there is no build or when the sources changed since the last one.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { childProcessEnv } from '../env';
import { log } from '../log';

const INPUTS = ['app', 'lib', 'server', 'generated', 'public', 'proxy.ts', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

// Copied from node_modules at install time (so covered by package-lock.json), and 14 MB to hash.
const SKIP = new Set(['public/excalidraw-assets']);

function* walk(file: string, root = ''): Generator<string> {
  if (!existsSync(file)) return;
  if (root && SKIP.has(path.relative(root, file))) return;
  if (statSync(file).isDirectory()) {
    for (const entry of readdirSync(file).sort()) yield* walk(path.join(file, entry), root);
  } else {
    yield file;
  }
}

export function sourceFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of walk(path.join(root, input), root)) {
      hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

const STAMP = '.next/mockroom-source-fingerprint';

export function buildIsCurrent(root: string): boolean {
  const stamp = path.join(root, STAMP);
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === sourceFingerprint(root);
}

export async function buildApp(root: string): Promise<void> {
  const fingerprint = sourceFingerprint(root);
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: childProcessEnv({ NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' }) });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
  writeFileSync(path.join(root, STAMP), fingerprint + '\n');
}

export async function ensureBuilt(root: string): Promise<void> {
  if (buildIsCurrent(root)) return;
  log.info('No up-to-date production build found: building the app first (about a minute or two)…');
  await buildApp(root);
  log.info('Build finished.');
}
