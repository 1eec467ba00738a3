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

  it('reads ICE servers as a JSON list, and says what is wrong without echoing credentials', () => {
    expect(parseEnv({}).ICE_SERVERS).toEqual([]);
    const servers = [{ urls: 'stun:stun.example.test:3478' }, { urls: ['turn:t.example.test:3478', 'turns:t.example.test:5349'], username: 'u', credential: 'hunter2' }];
    expect(parseEnv({ ICE_SERVERS: JSON.stringify(servers) }).ICE_SERVERS).toEqual(servers);
    const problem = (value: string) => {
      try {
        parseEnv({ ICE_SERVERS: value });
      } catch (error) {
        return (error as EnvError).message;
      }
      throw new Error('accepted');
    };
    expect(problem('stun:x')).toContain('ICE_SERVERS: expected JSON, e.g. [{"urls":"stun:stun.example.com:3478"}]');
    expect(problem('[{"urls":"http://x"}]')).toContain('ICE_SERVERS: each url must start with stun:, turn: or turns:');
    expect(problem('{"urls":"stun:x"}')).toContain('ICE_SERVERS: expected a JSON list');
    expect(problem('[{"urls":"https://x","credential":"hunter2"}]')).not.toContain('hunter2');
  });

  it('takes LiveKit settings only all together, as a ws(s) URL and a long secret that is never echoed', () => {
    const full = { LIVEKIT_URL: 'wss://lk.example.test', LIVEKIT_API_KEY: 'key', LIVEKIT_API_SECRET: 's'.repeat(32) };
    expect(parseEnv(full)).toMatchObject(full);
    expect(problemsOf({ LIVEKIT_URL: 'wss://lk.example.test' }).problems.map((p) => p.variable).sort()).toEqual(['LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET']);
    expect(problemsOf({ ...full, LIVEKIT_URL: 'https://lk.example.test' }).message).toContain('LIVEKIT_URL: expected a ws:// or wss:// URL');
    const short = problemsOf({ ...full, LIVEKIT_API_SECRET: 'tooshort' });
    expect(short.message).toContain('LIVEKIT_API_SECRET: must be at least 32 characters');
    expect(short.message).not.toContain('tooshort');
  });

  it('keeps recordings on disk by default, and reads the S3 settings when S3_BUCKET is set', () => {
    const bare = parseEnv({});
    expect(bare.S3_BUCKET).toBeUndefined();
    expect(bare.S3_REGION).toBe('us-east-1');
    expect(bare.S3_FORCE_PATH_STYLE).toBe(false);
    // A bucket alone is enough: credentials then come from the SDK's default chain.
    const aws = parseEnv({ S3_BUCKET: 'mockroom-recordings' });
    expect(aws).toMatchObject({ S3_BUCKET: 'mockroom-recordings', S3_FORCE_PATH_STYLE: false });
    expect(aws.S3_ACCESS_KEY_ID).toBeUndefined();
    const minio = parseEnv({ S3_BUCKET: 'rec', S3_ENDPOINT: 'http://127.0.0.1:9000/', S3_REGION: 'eu-west-3', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' });
    expect(minio).toMatchObject({ S3_ENDPOINT: 'http://127.0.0.1:9000', S3_REGION: 'eu-west-3', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' });
    // Path-style defaults on with a custom endpoint, and an explicit value wins.
    expect(minio.S3_FORCE_PATH_STYLE).toBe(true);
    expect(parseEnv({ S3_BUCKET: 'rec', S3_ENDPOINT: 'https://s3.example.test', S3_FORCE_PATH_STYLE: 'false' }).S3_FORCE_PATH_STYLE).toBe(false);
    expect(parseEnv({ S3_BUCKET: 'rec', S3_FORCE_PATH_STYLE: 'yes' }).S3_FORCE_PATH_STYLE).toBe(true);
  });

  it('keeps recordings until deleted unless RECORDING_RETENTION_DAYS is a positive whole number of days', () => {
    expect(parseEnv({}).RECORDING_RETENTION_DAYS).toBeUndefined();
    expect(parseEnv({ RECORDING_RETENTION_DAYS: '' }).RECORDING_RETENTION_DAYS).toBeUndefined();
    expect(parseEnv({ RECORDING_RETENTION_DAYS: '90' }).RECORDING_RETENTION_DAYS).toBe(90);
    expect(problemsOf({ RECORDING_RETENTION_DAYS: '0' }).message).toContain('RECORDING_RETENTION_DAYS: expected a positive number (got "0")');
    expect(problemsOf({ RECORDING_RETENTION_DAYS: '1.5' }).message).toContain('RECORDING_RETENTION_DAYS: expected a whole number');
    expect(problemsOf({ RECORDING_RETENTION_DAYS: 'a month' }).problems).toEqual([expect.objectContaining({ variable: 'RECORDING_RETENTION_DAYS' })]);
  });

  it('names the S3 variable that is wrong, and never echoes the secret key', () => {
    expect(problemsOf({ S3_BUCKET: 'rec', S3_ENDPOINT: 'minio:9000' }).message).toContain('S3_ENDPOINT: expected an http:// or https:// URL (got "minio:9000")');
    expect(problemsOf({ S3_BUCKET: 'Bad_Bucket' }).message).toContain('S3_BUCKET: expected an S3 bucket name');
    expect(problemsOf({ S3_BUCKET: 'rec', S3_REGION: 'EU West' }).problems).toEqual([expect.objectContaining({ variable: 'S3_REGION' })]);
    expect(problemsOf({ S3_BUCKET: 'rec', S3_FORCE_PATH_STYLE: 'sometimes' }).problems).toEqual([expect.objectContaining({ variable: 'S3_FORCE_PATH_STYLE' })]);
    const half = problemsOf({ S3_BUCKET: 'rec', S3_SECRET_ACCESS_KEY: 'hunter2' });
    expect(half.problems).toEqual([expect.objectContaining({ variable: 'S3_ACCESS_KEY_ID', message: 'must be set together with S3_SECRET_ACCESS_KEY' })]);
    expect(problemsOf({ S3_BUCKET: 'rec', S3_ACCESS_KEY_ID: 'id' }).problems).toEqual([expect.objectContaining({ variable: 'S3_SECRET_ACCESS_KEY' })]);
    const noBucket = problemsOf({ S3_ENDPOINT: 'http://127.0.0.1:9000', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'hunter2' });
    expect(noBucket.problems).toEqual([expect.objectContaining({ variable: 'S3_BUCKET' })]);
    expect(noBucket.message).toContain('S3_BUCKET: must be set when S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are');
    expect(noBucket.message).not.toContain('hunter2');
  });
});
