/**
 * Session recording, as the room sees it: who asked to record, each
 * publisher's consent decision, and whose streams are being recorded. The
 * status is the same for every member (everyone sees the REC indicator and
 * whose streams it covers), except `mine`, which only the caller gets.
 */
import { z } from 'zod';
import { defineRoute } from './contract';

/** What a person is asked to allow: named in the dialog and stored with the decision. */
export const RECORDED_PARTS = ['camera', 'microphone', 'board'] as const;
export const recordedPartSchema = z.enum(RECORDED_PARTS);

export const CONSENT_DECISIONS = ['allowed', 'declined'] as const;

export const recordingPersonSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(['interviewer', 'candidate']),
  /** Their latest decision in this session; null while they have not answered. */
  decision: z.enum(['allowed', 'declined', 'withdrawn']).nullable(),
  /** Their camera and microphone are being captured right now. */
  recording: z.boolean(),
});
export type RecordingPerson = z.infer<typeof recordingPersonSchema>;

/**
 * Who captures a person's camera and microphone once they allow: their own
 * browser (MediaRecorder, uploading chunks), or the server through LiveKit
 * Egress (when LiveKit and S3 are configured), in which case the browser
 * records nothing itself.
 */
export const RECORDING_CAPTURES = ['browser', 'server'] as const;
export type RecordingCapture = (typeof RECORDING_CAPTURES)[number];

export const recordingStatusSchema = z.object({
  capture: z.enum(RECORDING_CAPTURES),
  /** The latest recording session, or null when nobody has pressed Record. */
  session: z
    .object({
      id: z.string(),
      requestedBy: z.object({ id: z.string(), name: z.string() }),
      startedAt: z.iso.datetime(),
      stoppedAt: z.iso.datetime().nullable(),
      /** What each person is asked to allow. */
      parts: z.array(recordedPartSchema),
    })
    .nullable(),
  /** Everyone who publishes media in this interview (interviewers and the candidate). */
  people: z.array(recordingPersonSchema),
  /** The caller's own file in the active session: where to upload, and the next chunk the server wants. */
  mine: z
    .object({
      recordingId: z.string(),
      nextSeq: z.number().int().nonnegative(),
      status: z.enum(['recording', 'stopped', 'finished', 'failed']),
      /** Why it failed (e.g. LiveKit refused to start it), in words for the person; null unless failed. */
      failure: z.string().nullable(),
    })
    .nullable(),
});
export type RecordingStatus = z.infer<typeof recordingStatusSchema>;

export const readRecording = defineRoute({ method: 'GET', path: '/api/interviews/:id/recording', response: recordingStatusSchema });

/** An interviewer presses Record: a new session starts, and every publisher is asked. */
export const startRecording = defineRoute({ method: 'POST', path: '/api/interviews/:id/recording', response: recordingStatusSchema, status: 201 });

/** MediaRecorder containers we accept; the codecs parameter is the browser's choice. */
export const recordingMimeSchema = z
  .string()
  .max(100)
  .regex(/^(video|audio)\/webm(;\s*codecs="?[a-z0-9.,\s]+"?)?$/i, { message: 'mimeType must be video/webm or audio/webm (with codecs)' });

export const consentRequestSchema = z.discriminatedUnion('decision', [
  // mimeType: what the browser will record; required when `capture` is 'browser', ignored when 'server'.
  z.object({ sessionId: z.string().min(1).max(64), decision: z.literal('allowed'), mimeType: recordingMimeSchema.optional() }),
  z.object({ sessionId: z.string().min(1).max(64), decision: z.literal('declined') }),
]);
export const decideRecording = defineRoute({ method: 'POST', path: '/api/interviews/:id/recording/consent', request: consentRequestSchema, response: recordingStatusSchema });

/** `mine`: the caller stops their own capture. `everyone`: an interviewer stops the whole session. */
export const stopRecordingSchema = z.object({ scope: z.enum(['mine', 'everyone'], { message: 'scope must be mine or everyone' }) });
export const stopRecording = defineRoute({ method: 'POST', path: '/api/interviews/:id/recording/stop', request: stopRecordingSchema, response: recordingStatusSchema });

/** The largest chunk taken: about a minute of 1 Mbit/s video; browsers send a few seconds at a time. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * One chunk of the caller's own recording, in order. The body is the chunk's
 * bytes (`application/octet-stream`), not JSON. A chunk already stored is
 * answered as if new (idempotent). Refusals: 409 `gap` with `expected` (send
 * from there), 409 `stopped` (drop what is pending), 403 (no consent, not
 * yours), 404, 413, 415, 422 (empty, not WebM, far ahead).
 */
export const uploadChunk = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/recording/:recordingId/chunks/:seq',
  response: z.object({ nextSeq: z.number().int().nonnegative() }),
});

/**
 * The browser's last word on its recording: how many chunks it captured
 * before it stopped (it stops capture first, then says so). Chunks below that
 * count are still taken after a stop, so nothing recorded offline is lost; none
 * beyond it. Once all are in, the server writes the seekable file.
 */
export const completeRecordingSchema = z.object({ chunks: z.number({ message: 'chunks must be a number' }).int().nonnegative().max(1_000_000) });
export const completeRecording = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/recording/:recordingId/complete',
  request: completeRecordingSchema,
  response: z.object({ nextSeq: z.number().int().nonnegative(), finalChunks: z.number().int().nonnegative(), status: z.enum(['recording', 'stopped', 'finished', 'failed']) }),
});

/**
 * The recording's media, for a <video> element: the whole file (200) or one
 * byte range (206, `Range: bytes=…`). Not JSON. Interviewers watch every
 * recording; the candidate watches their own; observers and outsiders none.
 */
export const watchRecording = defineRoute({ method: 'GET', path: '/api/interviews/:id/recording/:recordingId/media', response: null, status: 200 });

/** One recording the caller may watch, for the feedback page (and the review page after it). */
export const watchableRecordingSchema = z.object({
  id: z.string(),
  /** The recording session it belongs to (what a withdrawal names). */
  sessionId: z.string(),
  person: z.object({ userId: z.string(), name: z.string() }),
  /** The caller's own recording (theirs to withdraw). */
  mine: z.boolean(),
  status: z.enum(['recording', 'stopped', 'finished', 'failed']),
  startedAt: z.iso.datetime(),
  stoppedAt: z.iso.datetime().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  /** Same-origin, works only with the caller's session. */
  mediaUrl: z.string(),
});
export type WatchableRecording = z.infer<typeof watchableRecordingSchema>;

export const recordingListSchema = z.object({
  recordings: z.array(watchableRecordingSchema),
  /** Recordings of others the caller may not watch yet (the candidate, before a release includes them). */
  heldBack: z.number().int().nonnegative(),
  /** The caller created the interview, and may delete any of its recordings. */
  canDelete: z.boolean(),
});
export type RecordingList = z.infer<typeof recordingListSchema>;

/** Every recording of the interview the caller may watch: interviewers all; the candidate theirs, and the others' after release. */
export const listRecordings = defineRoute({ method: 'GET', path: '/api/interviews/:id/recordings', response: recordingListSchema });
/**
 * The interview's creator deletes one recording: its bytes in storage, then
 * its row. A recording still being uploaded stops taking chunks at once (the
 * browser's next chunk is answered 404 and dropped). Others: 403.
 */
export const deleteRecording = defineRoute({ method: 'DELETE', path: '/api/interviews/:id/recording/:recordingId', response: null });

/**
 * Someone who allowed a recording takes it back: a `withdrawn` decision is
 * stored (who, when) and their own recording in that session is deleted,
 * bytes and all. 409 for someone who never allowed it; 404 for an unknown session.
 */
export const withdrawConsentSchema = z.object({ sessionId: z.string().min(1).max(64) });
export const withdrawRecording = defineRoute({ method: 'POST', path: '/api/interviews/:id/recording/withdraw', request: withdrawConsentSchema, response: recordingStatusSchema });
