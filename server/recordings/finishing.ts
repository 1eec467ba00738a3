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
import { recordingStore } from './store';
import { finishWebm } from './webm/finish';

const running = new Map<string, Promise<void>>();

/** Finishes the recording if it is stopped and complete; otherwise does nothing. */
export function finishRecording(recordingId: string): Promise<void> {
  const current = running.get(recordingId);
  if (current) return current;
  const job = finish(recordingId).finally(() => running.delete(recordingId));
  running.set(recordingId, job);
  return job;
}

async function finish(recordingId: string): Promise<void> {
  const recording = await db().recording.findUnique({ where: { id: recordingId } });
  if (!recording || recording.status !== 'stopped' || recording.finalChunks === null || recording.nextSeq < recording.finalChunks) return;
  const store = recordingStore();
  try {
    if (recording.nextSeq === 0) {
      await db().recording.update({ where: { id: recordingId }, data: { status: 'finished', finishedAt: new Date(), durationMs: 0 } });
      return;
    }
    const result = await finishWebm(
      () => streamOf(recordingId),
      async (chunks) => {
        await store.replace(recordingId, chunks);
      },
    );
    if (result.torn) log.warn(`recording ${recordingId}: finished; its torn tail was dropped (${result.torn})`);
    // Several recorder runs were joined; say what could not be (e.g. a camera that appeared after an audio-only start).
    for (const note of result.notes) log.warn(`recording ${recordingId}: joining its ${result.streams} segments: ${note}`);
    await db().recording.update({
      where: { id: recordingId },
      data: { status: 'finished', finishedAt: new Date(), durationMs: Math.round(result.durationMs), bytes: BigInt(result.bytes) },
    });
  } catch (error) {
    log.error(`recording ${recordingId}: could not be finished; kept as uploaded`, error);
    await db().recording.update({ where: { id: recordingId }, data: { status: 'failed' } });
  }
}

async function* streamOf(recordingId: string): AsyncGenerator<Uint8Array> {
  yield* await recordingStore().read(recordingId);
}
