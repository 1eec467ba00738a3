/**
 * Everything one chunk upload must know, in one round trip: the interview
 * and the caller's role (for the policy), the recording unless it is being
 * deleted, and its owner's latest consent answer in that recording session.
 * Uploads are the server's busiest request, so this is plain SQL on a pool of
 * its own (server/db/raw-pool.ts) rather than three ORM queries.
 */
import { rawPool } from '../db/raw-pool';
import type { MemberView } from '../interviews/service';
import type { RecordingDecision, RecordingStatus } from '../../generated/prisma/client';

export const uploadPool = () => rawPool('recording uploads', 4);

export interface UploadRecording {
  id: string;
  userId: string;
  mimeType: string;
  status: Exclude<RecordingStatus, 'deleting'>;
  nextSeq: number;
  finalChunks: number | null;
  /** Bytes stored so far (before this chunk). */
  bytes: number;
  /** The owner's latest answer in the recording's session, if any. */
  consent: RecordingDecision | null;
}

export interface UploadTarget extends MemberView {
  /** Null when there is no such recording in this interview, or it is being deleted. */
  recording: UploadRecording | null;
}

type Row = UploadTarget['interview'] & {
  role: MemberView['actor']['role'];
  recordingId: string | null;
  recordingUserId: string;
  mimeType: string;
  recordingStatus: UploadRecording['status'];
  nextSeq: number;
  finalChunks: number | null;
  bytes: string;
  consent: UploadRecording['consent'];
};

// Timestamps are stored without a zone, in UTC (Prisma's convention): read as timestamptz so pg parses them as UTC.
const SQL = `
SELECT i.id, i.title, i.status, i.level, i."durationMinutes", i.mode, i."createdById",
       i."scheduledAt" AT TIME ZONE 'UTC' AS "scheduledAt", i."startedAt" AT TIME ZONE 'UTC' AS "startedAt", i."endedAt" AT TIME ZONE 'UTC' AS "endedAt",
       p.role,
       r.id AS "recordingId", r."userId" AS "recordingUserId", r."mimeType", r.status AS "recordingStatus", r."nextSeq", r."finalChunks", r.bytes::text AS bytes,
       (SELECT c.decision FROM "RecordingConsent" c
         WHERE c."sessionId" = r."sessionId" AND c."userId" = r."userId"
         ORDER BY c."decidedAt" DESC LIMIT 1) AS consent
  FROM "Interview" i
  LEFT JOIN "Participant" p ON p."interviewId" = i.id AND p."userId" = $2
  LEFT JOIN "Recording" r ON r.id = $3 AND r."interviewId" = i.id AND r.status <> 'deleting'
 WHERE i.id = $1`;

/** The caller's view of the interview plus the recording; null when the interview does not exist. */
export async function loadUploadTarget(interviewId: string, userId: string, recordingId: string): Promise<UploadTarget | null> {
  const { rows } = await uploadPool().query<Row>({ name: 'recording-upload-target', text: SQL, values: [interviewId, userId, recordingId] });
  const row = rows[0];
  if (!row) return null;
  const { role, recordingId: foundId, recordingUserId, mimeType, recordingStatus, nextSeq, finalChunks, bytes, consent, ...interview } = row;
  return {
    interview,
    actor: { userId, role },
    recording: foundId === null ? null : { id: foundId, userId: recordingUserId, mimeType, status: recordingStatus, nextSeq, finalChunks, bytes: Number(bytes), consent },
  };
}

/**
 * Counts chunk `seq` as stored, only if it is the one the row expects and the
 * recording is not being deleted: two copies of one chunk racing count it once,
 * and a deletion racing the chunk is seen in the same statement. `seamAt` is
 * where a new recorder's file starts within the recording (see chunks.ts).
 */
export async function countChunk(recordingId: string, seq: number, byteLength: number, seamAt: number | null): Promise<boolean> {
  const { rowCount } = await uploadPool().query({
    name: 'recording-count-chunk',
    text: `UPDATE "Recording"
              SET "nextSeq" = $2 + 1, bytes = bytes + $3,
                  "streamStarts" = CASE WHEN $4::bigint IS NULL THEN "streamStarts" ELSE array_append("streamStarts", $4::bigint) END
            WHERE id = $1 AND "nextSeq" = $2 AND status <> 'deleting'`,
    values: [recordingId, seq, byteLength, seamAt],
  });
  return rowCount === 1;
}
