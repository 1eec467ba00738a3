import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getEnv, loadEnvFiles } from '../../server/env';

const touched = ['EMAIL_FROM', 'SIGNIN_LIMIT_PER_IP'];
const saved = Object.fromEntries(touched.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of touched) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('loadEnvFiles', () => {
  it('reads .env into the typed env, and real environment variables win over the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mockroom-envfiles-'));
    writeFileSync(path.join(dir, '.env'), 'EMAIL_FROM=Coach <coach@example.test>\nSIGNIN_LIMIT_PER_IP=7\n');
    process.env.SIGNIN_LIMIT_PER_IP = '9';
    delete process.env.EMAIL_FROM;
    loadEnvFiles(dir);
    expect(getEnv().EMAIL_FROM).toBe('Coach <coach@example.test>');
    expect(getEnv().SIGNIN_LIMIT_PER_IP).toBe(9);
  });
});
