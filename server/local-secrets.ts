/**
 * Secrets that a fresh machine must have without any configuration (the auth
 * secret, the embedded database's password). Generated once into DATA_DIR and
 * reused, so sessions and data survive a restart.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function readOrCreateSecret(dataDir: string, name: string, bytes = 32): string {
  const file = path.resolve(dataDir, 'secrets', name);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // The data folder itself stays traversable (the embedded Postgres user needs
  // to reach its own subfolder); only the secrets folder is private.
  mkdirSync(path.resolve(dataDir), { recursive: true });
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes).toString('base64url');
  // 'wx' so two processes booting at once cannot overwrite each other's secret.
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
