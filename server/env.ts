/**
 * The only module that reads `process.env`.
 *
 * Two layers:
 *  - `getEnv()`: what the operator configured, validated with zod. A bad value
 *    throws an `EnvError` naming every offending variable.
 *  - `getRuntime()`: values the boot sequence resolves (the embedded database's
 *    URL, a generated auth secret, the URL we actually listen on). The custom
 *    server publishes them here because Next bundles its own copy of our
 *    modules; process.env is the one thing both copies share.
 */
// @next/env is CommonJS without static named exports, so take the default.
import nextEnv from '@next/env';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());
// prefault, not default: zod 4's default() returns the fallback unparsed, so
// 'false' would stay a (truthy) string instead of going through the transform.
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyToUndefined, schema.prefault(fallback as never));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = (min: number) =>
  z.coerce
    .number({ message: 'expected a port number' })
    .int({ message: 'expected a whole number' })
    .min(min, { message: `expected a port from ${min} to 65535` })
    .max(65535, { message: `expected a port from ${min} to 65535` });

const positiveInt = z.coerce.number({ message: 'expected a number' }).int({ message: 'expected a whole number' }).positive({ message: 'expected a positive number' });

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), { message: 'expected a postgres:// or postgresql:// URL' });

const httpUrl = z
  .string()
  .refine((v) => /^https?:\/\/[^\s/]+(:\d+)?(\/.*)?$/.test(v), { message: 'expected an http:// or https:// URL' })
  .transform((v) => v.replace(/\/+$/, ''));

const smtpUrl = z
  .string()
  .refine((v) => /^smtps?:\/\/[^\s]+$/.test(v), { message: 'expected an smtp:// or smtps:// URL' });

const iceServerSchema = z.strictObject({
  urls: z.union([z.string(), z.array(z.string()).min(1)]).refine((u) => (Array.isArray(u) ? u : [u]).every((x) => /^(stun|turns?):\S+$/.test(x)), {
    message: 'each url must start with stun:, turn: or turns:',
  }),
  username: z.string().optional(),
  credential: z.string().optional(),
});

/** STUN/TURN servers for peer-to-peer video, as the JSON list RTCPeerConnection takes. */
const iceServers = z
  .string()
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected JSON, e.g. [{"urls":"stun:stun.example.com:3478"}]' });
      return z.NEVER;
    }
  })
  .pipe(z.array(iceServerSchema, { message: 'expected a JSON list of {"urls", "username", "credential"} objects' }));

/** AWS's bucket naming rule, which S3-compatible stores follow too. */
const s3Bucket = z
  .string()
  .refine((v) => /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v), { message: 'expected an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens' });

const envSchema = z
  .object({
    NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
    PORT: withDefault(port(0), 3000),
    HOST: withDefault(z.string(), '0.0.0.0'),
    APP_URL: optional(httpUrl),
    DATABASE_URL: optional(postgresUrl),
    DATA_DIR: withDefault(z.string(), '.data'),
    SCENARIOS_DIR: withDefault(z.string(), 'scenarios'),
    EMBEDDED_PG_PORT: withDefault(port(1024), 54329),
    AUTH_SECRET: optional(z.string().min(32, { message: 'must be at least 32 characters' })),
    TRUST_PROXY: withDefault(bool, 'false'),
    SMTP_URL: optional(smtpUrl),
    EMAIL_FROM: withDefault(z.string(), 'Mockroom <no-reply@mockroom.local>'),
    // How often each job worker (email delivery, reminders) asks Postgres for due jobs. Tests use 0.5.
    JOB_POLL_INTERVAL_SECONDS: withDefault(
      z.coerce.number({ message: 'expected a number' }).min(0.5, { message: 'expected at least 0.5 (pg-boss polls at most twice a second)' }).max(300, { message: 'expected at most 300' }),
      2,
    ),
    GITHUB_ID: optional(z.string()),
    GITHUB_SECRET: optional(z.string()),
    GOOGLE_CLIENT_ID: optional(z.string()),
    GOOGLE_CLIENT_SECRET: optional(z.string()),
    DEMO_ACCOUNTS: optional(bool),
    SIGNIN_LIMIT_PER_EMAIL: withDefault(positiveInt, 5),
    SIGNIN_LIMIT_PER_IP: withDefault(positiveInt, 30),
    SIGNIN_LIMIT_WINDOW_SECONDS: withDefault(positiveInt, 900),
    SIGNIN_LIMIT_PER_EMAIL_GLOBAL: withDefault(positiveInt, 50),
    MAGIC_LINK_LIMIT_PER_IP: withDefault(positiveInt, 10),
    SHUTDOWN_TIMEOUT_MS: withDefault(positiveInt, 10000),
    // Benchmarks only: 'off' lifts the board's size cap and rate limits so
    // bench/whiteboard-load can compare the same load with and without them.
    BOARD_LIMITS: withDefault(z.enum(['on', 'off']), 'on'),
    METRICS_TOKEN: optional(z.string().min(16, { message: 'must be at least 16 characters' })),
    // None are needed on localhost or a LAN; across NATs, add STUN, and TURN for strict networks.
    ICE_SERVERS: withDefault(iceServers, '[]'),
    // All three switch the call from peer-to-peer to a LiveKit server.
    LIVEKIT_URL: optional(z.string().refine((v) => /^wss?:\/\/[^\s/]+(:\d+)?(\/\S*)?$/.test(v), { message: 'expected a ws:// or wss:// URL' })),
    LIVEKIT_API_KEY: optional(z.string()),
    LIVEKIT_API_SECRET: optional(z.string().min(32, { message: 'must be at least 32 characters (LiveKit signs tokens with it)' })),
    // Recordings: on disk under DATA_DIR/recordings unless S3_BUCKET is set.
    S3_BUCKET: optional(s3Bucket),
    S3_ENDPOINT: optional(httpUrl),
    S3_REGION: withDefault(z.string().refine((v) => /^[a-z0-9-]+$/.test(v), { message: 'expected a region name such as us-east-1' }), 'us-east-1'),
    // Unset: the AWS SDK's default chain (AWS_* variables, shared config, instance role).
    S3_ACCESS_KEY_ID: optional(z.string()),
    S3_SECRET_ACCESS_KEY: optional(z.string()),
    // Unset: on with S3_ENDPOINT (MinIO and most S3-compatible stores want path-style), off for AWS.
    S3_FORCE_PATH_STYLE: optional(bool),
    // Unset: recordings are kept until deleted. Set: an hourly sweep deletes those older than this.
    RECORDING_RETENTION_DAYS: optional(positiveInt),
  })
  .superRefine((env, ctx) => {
    const livekit = [env.LIVEKIT_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET].filter(Boolean).length;
    if (livekit > 0 && livekit < 3) {
      for (const name of ['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'LiveKit needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together' });
      }
    }
    for (const [id, secret] of [
      ['GITHUB_ID', 'GITHUB_SECRET'],
      ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
    ] as const) {
      if (Boolean(env[id]) !== Boolean(env[secret])) {
        const missing = env[id] ? secret : id;
        ctx.addIssue({ code: 'custom', path: [missing], message: `must be set together with ${env[id] ? id : secret}` });
      }
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      const missing = env.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
      ctx.addIssue({ code: 'custom', path: [missing], message: `must be set together with ${env.S3_ACCESS_KEY_ID ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'}` });
    }
    // Without a bucket, recordings silently go to disk: say so rather than ignore the other S3 settings.
    const s3Set = (['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const).filter((name) => env[name] !== undefined);
    if (!env.S3_BUCKET && s3Set.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: `must be set when ${s3Set.join(', ')} ${s3Set.length === 1 ? 'is' : 'are'} (recordings go to S3 only with a bucket)` });
    }
  })
  .transform((env) => ({ ...env, S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined }));

export type Env = z.output<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: { variable: string; message: string; value?: string }[]) {
    super(
      'Invalid environment configuration:\n' +
        problems
          .map((p) => `  ${p.variable}: ${p.message}${p.value === undefined ? '' : ` (got ${JSON.stringify(p.value)})`}`)
          .join('\n'),
    );
    this.name = 'EnvError';
  }
}

/** Names that hold secrets: never echo their values in an error. */
const SECRET_NAMES = /SECRET|PASSWORD|DATABASE_URL|SMTP_URL|ICE_SERVERS/;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(environment)');
      const raw = source[variable];
      return { variable, message: issue.message, value: raw === undefined || SECRET_NAMES.test(variable) ? undefined : raw };
    }),
  );
}

/**
 * Loads .env, .env.local, .env.production (and so on) the way Next does. Next
 * loads them itself inside `next()`, after we have parsed the environment; by
 * loading them first, the server and Next's bundle see the same values.
 * Values already in the environment win over files.
 */
export function loadEnvFiles(dir: string): void {
  nextEnv.loadEnvConfig(dir, process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error });
  cached = undefined;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// ---------------------------------------------------------------------------
// Runtime values resolved at boot.

export type DbMode = 'embedded' | 'external';
export interface Runtime {
  databaseUrl: string;
  dbMode: DbMode;
  authSecret: string;
  appUrl: string;
  /** DATA_DIR resolved against the project root (recordings live under it unless S3_BUCKET is set). */
  dataDir: string;
}

const RUNTIME_KEYS = {
  databaseUrl: 'MOCKROOM_RUNTIME_DATABASE_URL',
  dbMode: 'MOCKROOM_RUNTIME_DB_MODE',
  authSecret: 'MOCKROOM_RUNTIME_AUTH_SECRET',
  appUrl: 'MOCKROOM_RUNTIME_APP_URL',
  dataDir: 'MOCKROOM_RUNTIME_DATA_DIR',
} as const satisfies Record<keyof Runtime, string>;

export function publishRuntime(runtime: Runtime): void {
  for (const [key, name] of Object.entries(RUNTIME_KEYS)) process.env[name] = runtime[key as keyof Runtime];
  // next-auth 4 reads these two itself, at request time.
  process.env.NEXTAUTH_URL = runtime.appUrl;
  process.env.NEXTAUTH_SECRET = runtime.authSecret;
}

export function getRuntime(): Runtime {
  const values = Object.fromEntries(Object.entries(RUNTIME_KEYS).map(([key, name]) => [key, process.env[name]]));
  const missing = Object.entries(values).filter(([, v]) => !v);
  if (missing.length > 0) {
    throw new Error(
      `Mockroom runtime is not initialised (${missing.map(([k]) => k).join(', ')} missing): start the app through server/index.ts, not \`next start\`.`,
    );
  }
  return values as unknown as Runtime;
}

/** The environment to hand to a child process we spawn (e.g. `next build`). */
export function childProcessEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
