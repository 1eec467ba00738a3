/**
 * Background work on the Postgres job queue: registers each capability's jobs,
 * starts the queue (after migrations, before the first request), sweeps the
 * email outbox, and plans again the reminders of every future session, so
 * nothing queued before a crash or a failed enqueue is lost.
 */
import { registerEmailJobs, startOutboxSweep } from '../email/outbox';
import { describeMailTransport } from '../email/transport';
import type { Env } from '../env';
import { startJobQueue, stopJobQueue } from '../jobs/queue';
import { log } from '../log';
import { registerRepracticeJobs, replanRepractice } from '../progress/repractice';
import { registerReminderJobs, replanReminders } from '../scheduling/reminders';

export interface BackgroundJobs {
  stop(): Promise<void>;
}

export async function startBackgroundJobs(env: Env, databaseUrl: string): Promise<BackgroundJobs> {
  registerEmailJobs();
  registerReminderJobs();
  registerRepracticeJobs();
  await startJobQueue({ databaseUrl, pollingIntervalSeconds: env.JOB_POLL_INTERVAL_SECONDS });
  log.info(describeMailTransport());
  const sweep = startOutboxSweep();
  const replanned = Promise.all([
    replanReminders().catch((error: unknown) => log.error('could not plan the reminders of upcoming sessions', error)),
    replanRepractice().catch((error: unknown) => log.error('could not queue the re-practice reminders', error)),
  ]);
  return {
    async stop() {
      await replanned;
      await sweep.stop();
      await stopJobQueue(Math.min(4000, env.SHUTDOWN_TIMEOUT_MS));
    },
  };
}
