/**
 * Server capture with LiveKit Egress: one participant egress per person who
 * allowed, never a room composite.
 *
 * Why per person. Consent here is personal: nothing of someone is captured
 * before they allow, someone who declines is never recorded, and anyone can
 * stop their own recording while the others go on. A room composite films
 * the whole room as one picture, including whoever declined, has not answered
 * yet, or stopped their own; honouring those rules with it would mean tearing
 * it down and starting per-person egress whenever one person's answer
 * changes, leaving the session in pieces of two kinds. A participant egress
 * records exactly one identity's camera and microphone, so each person's
 * answer maps to one egress, and to the one Recording row (one file per
 * person) the browser path already has; review plays them side by side.
 *
 * Flow: Allow starts the egress (its id is kept on the Recording); Stop mine,
 * Stop all and the end of the interview stop it; then LiveKit is asked until
 * the file is uploaded, and that file becomes the recording's media. If
 * LiveKit cannot be reached or refuses, the consent stays stored, the
 * recording is marked failed with the reason for its owner, and the error is
 * logged; nothing is thrown at the room.
 */
import { db } from '../../db/client';
import { log } from '../../log';
import { changed } from '../changed';
import { recordingStore } from '../store';
import { S3RecordingStorage } from '../storage';
import { describeEgressError, EGRESS_FILE_NAME, egressOutcome, startPersonEgress, stopEgress, type EgressOutcome } from './client';
import type { EgressConfig } from './config';

/** LiveKit uploads the file after the stop; an hour of video can take minutes. Past this we give up. */
const FINISH_TIMEOUT_MS = 20 * 60 * 1000;
const POLL_FIRST_MS = 500;
const POLL_MAX_MS = 10_000;

function s3Store(): S3RecordingStorage {
  const store = recordingStore();
  if (!(store instanceof S3RecordingStorage)) throw new Error('LiveKit Egress needs the S3 recording store (S3_BUCKET)');
  return store;
}

async function fail(recordingId: string, failure: string): Promise<void> {
  await db().recording.updateMany({ where: { id: recordingId, status: { in: ['recording', 'stopped'] } }, data: { status: 'failed', failure } });
}

/** Starts capturing a person who just allowed. Never throws: a failure is stored on the recording. */
export async function startServerCapture(config: EgressConfig, recording: { id: string; interviewId: string; userId: string }): Promise<void> {
  let egressId: string;
  try {
    egressId = await startPersonEgress(config, { interviewId: recording.interviewId, userId: recording.userId, folder: s3Store().folder(recording.id) });
  } catch (error) {
    const reason = describeEgressError(error);
    log.error(`recording ${recording.id}: LiveKit Egress did not start for user ${recording.userId} in interview ${recording.interviewId}: ${reason}`);
    await fail(recording.id, `LiveKit could not start your recording (${reason}). Nothing of yours is being recorded.`);
    return;
  }
  const row = await db().recording.update({ where: { id: recording.id }, data: { egressId }, select: { status: true } });
  // Stopped while LiveKit was starting it (Stop mine, Stop all, the end): stop it now.
  if (row.status !== 'recording') await stopServerCaptures(config, [{ id: recording.id, interviewId: recording.interviewId, egressId }]);
}

/**
 * Stops the egress of recordings just marked stopped, and finishes each in the
 * background. Waits for LiveKit's answer to the stops, not for the files.
 */
export async function stopServerCaptures(config: EgressConfig, recordings: { id: string; interviewId: string; egressId: string | null }[]): Promise<void> {
  await Promise.all(
    recordings.map(async ({ id, interviewId, egressId }) => {
      if (!egressId) return;
      let first: EgressOutcome | undefined;
      try {
        first = await stopEgress(config, egressId);
      } catch (error) {
        // Perhaps it had already ended (the person left the call); the finishing step asks how it ended.
        log.error(`recording ${id}: LiveKit did not confirm the stop of egress ${egressId}: ${describeEgressError(error)}`);
      }
      void finishServerCapture(config, { id, interviewId, egressId }, first);
    }),
  );
}

const running = new Map<string, Promise<void>>();

/** Waits for LiveKit to finish the file, then makes it the recording's media. At most one per recording in this process. */
export function finishServerCapture(config: EgressConfig, recording: { id: string; interviewId: string; egressId: string }, first?: EgressOutcome): Promise<void> {
  const current = running.get(recording.id);
  if (current) return current;
  const job = finish(config, recording, first)
    .catch((error: unknown) => log.error(`recording ${recording.id}: finishing the egress file failed`, error))
    .finally(() => running.delete(recording.id));
  running.set(recording.id, job);
  return job;
}

async function finish(config: EgressConfig, { id, interviewId, egressId }: { id: string; interviewId: string; egressId: string }, first?: EgressOutcome): Promise<void> {
  const outcome = await settled(config, egressId, first);
  if (outcome.state === 'complete') {
    try {
      const { bytes } = await s3Store().adopt(id, EGRESS_FILE_NAME);
      await db().recording.update({ where: { id }, data: { status: 'finished', finishedAt: new Date(), durationMs: outcome.durationMs, bytes: BigInt(outcome.bytes ?? bytes) } });
      log.info(`recording ${id}: LiveKit egress ${egressId} finished (${outcome.durationMs ?? '?'} ms)`);
    } catch (error) {
      log.error(`recording ${id}: LiveKit egress ${egressId} completed but its file could not be taken from S3`, error);
      await db().recording.update({ where: { id }, data: { status: 'failed', failure: 'The recording ended, but its file could not be found in storage.' } });
    }
  } else {
    log.error(`recording ${id}: LiveKit egress ${egressId} failed: ${outcome.reason}`);
    await db().recording.update({ where: { id }, data: { status: 'failed', failure: `LiveKit could not finish your recording (${outcome.reason}).` } });
  }
  changed(interviewId);
}

/** Asks LiveKit with growing pauses until the egress has ended; gives up after FINISH_TIMEOUT_MS. */
async function settled(config: EgressConfig, egressId: string, first?: EgressOutcome): Promise<Exclude<EgressOutcome, { state: 'running' }>> {
  if (first && first.state !== 'running') return first;
  const deadline = Date.now() + FINISH_TIMEOUT_MS;
  let pause = POLL_FIRST_MS;
  let lastError = 'it still reported the egress as running';
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, POLL_MAX_MS);
    try {
      const outcome = await egressOutcome(config, egressId);
      if (outcome.state !== 'running') return outcome;
    } catch (error) {
      lastError = `LiveKit could not be asked: ${describeEgressError(error)}`;
    }
  }
  return { state: 'failed', reason: `no end reported within ${FINISH_TIMEOUT_MS / 60_000} minutes; ${lastError}` };
}
