/**
 * The finishing step: once every chunk the browser captured is stored, the
 * recording is rewritten with its duration and cues (./webm) so a browser can
 * seek anywhere in it, through the store's `replace`. It runs in the
 * background after the request that completed the recording; at most once at
 * a time per recording in this process (a job queue takes this over when the
 * app runs on several nodes). A file that cannot be finished is marked
 * `failed` and kept exactly as uploaded.
 */
import { db } from '../db/client';
import { log } from '../log';
import { dropIfDeleted } from './deletion';
import { recordingStore } from './store';
import type { RecordingStorage } from './storage';
import { finishWebm } from './webm/finish';

const running = new Map<string, Promise<void>>();

/** Finishes the recording if it is stopped and complete; otherwise does nothing. `store`: the process's unless given (tests). */
export function finishRecording(recordingId: string, store: RecordingStorage = recordingStore()): Promise<void> {
  const current = running.get(recordingId);
  if (current) return current;
  // Callers fire and forget (`void`): a failure here (the database gone) is logged, never an unhandled rejection.
  const job = finish(recordingId, store)
    .catch((error: unknown) => log.error(`recording ${recordingId}: the finishing step failed; the sweep retries it`, error))
    .finally(() => running.delete(recordingId));
  running.set(recordingId, job);
  return job;
}

/** Only a recording still `stopped` changes state here: one deleted meanwhile stays deleted. */
const stillStopped = (id: string) => ({ id, status: 'stopped' as const });

async function finish(recordingId: string, store: RecordingStorage): Promise<void> {
  const recording = await db().recording.findUnique({ where: { id: recordingId } });
  if (!recording || recording.status !== 'stopped' || recording.finalChunks === null || recording.nextSeq < recording.finalChunks) return;
  try {
    if (recording.nextSeq === 0) {
      await db().recording.updateMany({ where: stillStopped(recordingId), data: { status: 'finished', finishedAt: new Date(), durationMs: 0 } });
      return;
    }
    const result = await finishWebm(
      () => streamOf(store, recordingId),
      async (chunks) => {
        await store.replace(recordingId, chunks);
      },
      { streamStarts: recording.streamStarts.map(Number) },
    );
    if (result.torn) log.warn(`recording ${recordingId}: finished; its torn tail was dropped (${result.torn})`);
    // Several recorder runs were joined; say what could not be (e.g. a camera that appeared after an audio-only start).
    for (const note of result.notes) log.warn(`recording ${recordingId}: joining its ${result.streams} segments: ${note}`);
    const done = await db().recording.updateMany({
      where: stillStopped(recordingId),
      data: { status: 'finished', finishedAt: new Date(), durationMs: Math.round(result.durationMs), bytes: BigInt(result.bytes) },
    });
    // Deleted while the seekable file was written: that file must not outlive the row.
    if (done.count === 0) await dropIfDeleted(recordingId, store);
  } catch (error) {
    if (await dropIfDeleted(recordingId, store)) return;
    log.error(`recording ${recordingId}: could not be finished; kept as uploaded`, error);
    await db().recording.updateMany({ where: stillStopped(recordingId), data: { status: 'failed' } });
  }
}

async function* streamOf(store: RecordingStorage, recordingId: string): AsyncGenerator<Uint8Array> {
  yield* await store.read(recordingId);
}
