import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../server/env';

function problemsOf(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error('expected parseEnv to throw');
}

describe('parseEnv', () => {
  it('applies defaults for a bare environment', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.NODE_ENV).toBe('development');
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe('.data');
    expect(env.SIGNIN_LIMIT_PER_EMAIL).toBe(5);
    // Defaults go through the same parsing as set values (a 'false' string would be truthy).
    expect(env.TRUST_PROXY).toBe(false);
  });

  it('parses boolean spellings', () => {
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ DEMO_ACCOUNTS: 'no' }).DEMO_ACCOUNTS).toBe(false);
  });

  it('treats empty strings as unset, as .env files often contain them', () => {
    const env = parseEnv({ DATABASE_URL: '', PORT: ' ' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it('names the variable and shows the bad value', () => {
    const error = problemsOf({ PORT: 'eighty' });
    expect(error.problems).toEqual([expect.objectContaining({ variable: 'PORT', value: 'eighty' })]);
    expect(error.message).toMatch(/PORT: .*"eighty"/);
  });

  it('reports every bad variable at once', () => {
    const error = problemsOf({ PORT: '70000', NODE_ENV: 'staging', TRUST_PROXY: 'maybe' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['NODE_ENV', 'PORT', 'TRUST_PROXY']);
  });

  it('never echoes a secret-bearing value', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://root:hunter2@db/x', AUTH_SECRET: 'short' });
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).toContain('AUTH_SECRET');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('short"');
  });

  it('requires OAuth ids and secrets in pairs', () => {
    const error = problemsOf({ GITHUB_ID: 'abc' });
    expect(error.problems).toEqual([expect.objectContaining({ variable: 'GITHUB_SECRET' })]);
    expect(parseEnv({ GITHUB_ID: 'abc', GITHUB_SECRET: 'def' }).GITHUB_ID).toBe('abc');
  });

  it('strips a trailing slash from APP_URL and rejects non-http URLs', () => {
    expect(parseEnv({ APP_URL: 'https://mock.example.com/' }).APP_URL).toBe('https://mock.example.com');
    expect(problemsOf({ APP_URL: 'ftp://x' }).problems[0]?.variable).toBe('APP_URL');
  });
});
