/**
 * The recording sweep: the background work that no request does.
 *  - Retention: with RECORDING_RETENTION_DAYS, recordings (bytes and rows)
 *    whose session started longer ago than that are deleted. The session and
 *    its consent decisions stay: they say who agreed to what, and hold no media.
 *  - Deletions a crash cut short (rows left `deleting`) are finished.
 *  - Abandoned recordings are finished into seekable files: a browser that
 *    never said how many chunks it captured (the tab was closed for good) is
 *    taken at its word after a grace period, as are files still marked
 *    recording after their session stopped or their interview ended, and
 *    complete files whose finishing step a restart interrupted.
 *
 * `sweepRecordings` is a plain function (tests call it with their own `now`);
 * `startRecordingSweeps` runs it at start-up and then hourly in this process.
 */
import type { Prisma } from '../../generated/prisma/client';
import { db } from '../db/client';
import { log } from '../log';
import { markDeleting, purgeRecordings } from './deletion';
import { stopServerCaptures } from './egress/capture';
import { egressConfig } from './egress/config';
import { finishRecording } from './finishing';
import { changed } from './sessions';
import { recordingStore } from './store';
import type { RecordingStorage } from './storage';

/**
 * How long a stopped recording may wait for its browser's last word. The
 * uploader retries every few seconds while its page is open, so a quarter of
 * an hour of silence means the page is gone (a later return is refused as
 * stopped, and its chunks dropped).
 */
export const ABANDONED_AFTER_MS = 15 * 60_000;
export const SWEEP_INTERVAL_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface SweepOptions {
  now?: Date;
  /** Unset: recordings are kept until someone deletes them. */
  retentionDays?: number;
  graceMs?: number;
  store?: RecordingStorage;
}

export interface SweepResult {
  /** Recordings whose bytes and row were removed (expired, or a deletion finished). */
  deleted: number;
  /** Recordings handed to the finishing step. */
  finished: string[];
}

export async function sweepRecordings({ now = new Date(), retentionDays, graceMs = ABANDONED_AFTER_MS, store = recordingStore() }: SweepOptions = {}): Promise<SweepResult> {
  const touched = new Set<string>();
  if (retentionDays !== undefined) {
    const expired = await markDeleting({ session: { startedAt: { lt: new Date(now.getTime() - retentionDays * DAY_MS) } } });
    for (const { interviewId } of expired) touched.add(interviewId);
  }
  const deleting = await db().recording.findMany({ where: { status: 'deleting' }, select: { id: true, interviewId: true } });
  for (const { interviewId } of deleting) touched.add(interviewId);
  const deleted = await purgeRecordings(
    deleting.map((r) => r.id),
    store,
  );
  const cutoff = new Date(now.getTime() - graceMs);
  await stopOrphanedCaptures(cutoff, now, touched);
  const finished = await finishAbandoned(cutoff, store);
  for (const interviewId of touched) changed(interviewId);
  return { deleted, finished };
}

/** Files still `recording` although their session stopped, or their interview ended, longer ago than the grace. */
async function stopOrphanedCaptures(cutoff: Date, now: Date, touched: Set<string>): Promise<void> {
  const over: Prisma.RecordingWhereInput = {
    status: 'recording',
    OR: [{ session: { stoppedAt: { lt: cutoff } } }, { interview: { status: 'ended', endedAt: { lt: cutoff } } }],
  };
  const rows = await db().recording.findMany({
    where: over,
    select: { id: true, interviewId: true, nextSeq: true, session: { select: { stoppedAt: true } }, interview: { select: { endedAt: true } } },
  });
  for (const row of rows) {
    const stoppedAt = row.session.stoppedAt ?? row.interview.endedAt ?? now;
    // Conditional on the state read: a chunk or a stop arriving meanwhile wins, and the next sweep looks again.
    const { count } = await db().recording.updateMany({
      where: { id: row.id, status: 'recording', nextSeq: row.nextSeq },
      data: { status: 'stopped', stoppedAt, finalChunks: row.nextSeq },
    });
    if (count) touched.add(row.interviewId);
  }
}

/** Stopped files the grace has passed for: the missing chunk count is taken as what arrived, and the file finished. */
async function finishAbandoned(cutoff: Date, store: RecordingStorage): Promise<string[]> {
  const rows = await db().recording.findMany({
    where: { status: 'stopped', stoppedAt: { lt: cutoff } },
    select: { id: true, interviewId: true, nextSeq: true, finalChunks: true, egressId: true },
    orderBy: { stoppedAt: 'asc' },
  });
  const finished: string[] = [];
  for (const row of rows) {
    // LiveKit records these, not the browser: there are no chunks to finish. A restart cut the wait for
    // LiveKit's file short; ask LiveKit again (stopping the egress if it still runs), or say it cannot be.
    if (row.egressId) {
      const config = egressConfig();
      if (config) await stopServerCaptures(config, [row]);
      else await db().recording.updateMany({ where: { id: row.id, status: 'stopped' }, data: { status: 'failed', failure: 'LiveKit is no longer configured, so its recording could not be collected.' } });
      continue;
    }
    if (row.finalChunks === null) {
      const { count } = await db().recording.updateMany({ where: { id: row.id, finalChunks: null, nextSeq: row.nextSeq }, data: { finalChunks: row.nextSeq } });
      if (!count) continue;
    } else if (row.finalChunks > row.nextSeq) {
      // The browser said more chunks exist than arrived: they may still come from its store; kept waiting.
      continue;
    }
    // One at a time: finishing streams a whole file through, and the machine has other work.
    await finishRecording(row.id, store);
    finished.push(row.id);
  }
  return finished;
}

/**
 * Sweeps now and then every `intervalMs` in this process; `stop()` waits for
 * a sweep under way. One process sweeps at a time here; with several nodes,
 * this moves to the Postgres job queue (pg-boss), which runs a job on one node.
 */
export function startRecordingSweeps({ retentionDays, intervalMs = SWEEP_INTERVAL_MS }: { retentionDays?: number; intervalMs?: number }): { stop(): Promise<void> } {
  let current: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (current || stopped) return;
    current = sweepRecordings({ retentionDays })
      .then(({ deleted, finished }) => {
        if (deleted || finished.length) log.info(`recording sweep: ${deleted} deleted, ${finished.length} finished`);
      })
      .catch((error: unknown) => log.error('recording sweep failed; it runs again within the hour', error))
      .finally(() => (current = null));
  };
  run();
  const timer = setInterval(run, intervalMs);
  // Never what keeps the process alive.
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
