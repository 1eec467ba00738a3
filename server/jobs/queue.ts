/**
 * The job queue: pg-boss on the app's own Postgres (the embedded one, CI's, or
 * DATABASE_URL), so background work (email delivery, reminders) survives a
 * restart and needs no other server. pg-boss keeps its tables in its own
 * `pgboss` schema and creates them at start.
 *
 * Capability modules `registerJob` their handlers at boot; anything may
 * `enqueueJob` once the queue runs. Handlers run in the custom server process.
 * A handler must be idempotent: pg-boss delivers at least once (a retry after
 * a failure, or after a crash while the job was active).
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { log } from '../log';

export type JobName = 'email.send' | 'reminder.send' | 'repractice.send' | string;

export interface JobOptions {
  /** Retries after the first attempt (pg-boss's default is 2). */
  retryLimit?: number;
  /** Seconds before the first retry; doubled for each later one (with jitter). Default 5. */
  retryDelaySeconds?: number;
}

interface Registration {
  handler: (data: object) => Promise<void>;
  options: JobOptions;
}

interface QueueState {
  registry: Map<string, Registration>;
  boss?: PgBoss;
  pollingIntervalSeconds: number;
  /** Queues worked in this process. */
  attached: Set<string>;
  /** Queues known to exist in Postgres. */
  created: Set<string>;
}

// On globalThis like the event bus (server/events/bus.ts): Next's route
// handlers get their own copy of this module, and must reach the queue the
// custom server started.
const holder = globalThis as typeof globalThis & { __mockroomJobQueue?: QueueState };
const state = (): QueueState => (holder.__mockroomJobQueue ??= { registry: new Map(), pollingIntervalSeconds: 2, attached: new Set(), created: new Set() });

export function registerJob<T extends object>(name: string, handler: (data: T) => Promise<void>, options: JobOptions = {}): void {
  const current = state();
  current.registry.set(name, { handler: handler as (data: object) => Promise<void>, options });
  // Registered after the start (a module loaded late): attach now.
  if (current.boss) void attach(current.boss, name).catch((error: unknown) => log.error(`job queue: could not start worker for ${name}`, error));
}

async function attach(boss: PgBoss, name: string): Promise<void> {
  const current = state();
  const registration = current.registry.get(name);
  if (!registration || current.attached.has(name)) return;
  current.attached.add(name);
  const { retryLimit = 2, retryDelaySeconds = 5 } = registration.options;
  // v10: a queue must exist before jobs are sent to it; creating it again is a no-op.
  await boss.createQueue(name, { name, retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true });
  current.created.add(name);
  await boss.work<object>(name, { pollingIntervalSeconds: current.pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) await registration.handler(job.data);
  });
}

/**
 * pg-boss dedupes by job id (its table's primary key is name + id), so a
 * stable key becomes a stable UUID: sending it again while the first is
 * waiting, running or kept (14 days past its start) is a no-op. Its own
 * singletonKey only dedupes on "short"/"singleton" queues or in time slots.
 */
export function jobIdFor(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function enqueueJob(name: string, data: object, options: { startAfter?: Date; singletonKey?: string } = {}): Promise<void> {
  const current = state();
  const boss = current.boss;
  if (!boss) throw new Error(`The job queue is not running, so "${name}" cannot be queued (start the app through server/index.ts).`);
  // Queues registered in another module copy exist already; sending to one nobody registered would fail in pg-boss.
  if (!current.created.has(name)) {
    await boss.createQueue(name, { name });
    current.created.add(name);
  }
  await boss.send(name, data, {
    ...(options.startAfter && { startAfter: options.startAfter }),
    ...(options.singletonKey && { id: jobIdFor(name, options.singletonKey), singletonKey: options.singletonKey }),
  });
}

/** Starts pg-boss (creating or migrating its schema) and a worker per registered job. */
export async function startJobQueue({ databaseUrl, pollingIntervalSeconds }: { databaseUrl: string; pollingIntervalSeconds: number }): Promise<void> {
  const current = state();
  if (current.boss) return;
  current.pollingIntervalSeconds = pollingIntervalSeconds;
  const boss = new PgBoss({ connectionString: databaseUrl, application_name: 'mockroom-jobs', max: 4 });
  boss.on('error', (error) => log.error('job queue', error));
  await boss.start();
  current.boss = boss;
  for (const name of current.registry.keys()) await attach(boss, name);
}

/**
 * Stops fetching, waits up to `timeoutMs` for running handlers, then closes
 * the pool. A handler still running is failed and retried after the restart.
 */
export async function stopJobQueue(timeoutMs = 5000): Promise<void> {
  const current = state();
  const boss = current.boss;
  if (!boss) return;
  current.boss = undefined;
  current.attached.clear();
  current.created.clear();
  await boss.stop({ graceful: true, wait: true, close: true, timeout: timeoutMs });
}

/** For the boot log and tests: whether this process runs the queue. */
export function jobQueueRunning(): boolean {
  return Boolean(state().boss);
}
