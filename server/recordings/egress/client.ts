/**
 * The LiveKit side of server capture: start one person's participant egress
 * into S3, stop it, and read back how it ended. Twirp over HTTP through
 * livekit-server-sdk's EgressClient (JSON bodies, a Bearer JWT with the
 * `roomRecord` grant signed by our API secret).
 *
 * The LiveKit room is the interview id and a participant's identity is their
 * user id (server/media/livekit.ts), so "this person in this interview" names
 * exactly one participant.
 */
import { EgressClient, EgressStatus, EncodedFileOutput, EncodedFileType, S3Upload, type EgressInfo } from 'livekit-server-sdk';
import type { EgressConfig } from './config';

/** Seconds per request: long enough for a loaded LiveKit, short enough that a room's Stop answers soon. */
const REQUEST_TIMEOUT_SECONDS = 8;

/**
 * The file's object name, inside the recording's folder of the S3 store
 * (storage/s3.ts: `recordings/<id>/…`). It must end in `.mp4`: Egress appends
 * the extension of the file type to any name without it.
 */
export const EGRESS_FILE_NAME = 'egress.mp4';

export interface EgressTarget {
  interviewId: string;
  userId: string;
  /** `recordings/<id>/`, from the S3 store, so the file lands where the store serves it from. */
  folder: string;
}

export type EgressOutcome =
  | { state: 'running' }
  | { state: 'complete'; durationMs: number | null; bytes: number | null }
  | { state: 'failed'; reason: string };

function client(config: EgressConfig): EgressClient {
  return new EgressClient(config.livekit.url, config.livekit.apiKey, config.livekit.apiSecret, { requestTimeout: REQUEST_TIMEOUT_SECONDS, failover: false });
}

/** Starts recording one person's camera and microphone (not their screen share) into S3; returns the egress id. */
export async function startPersonEgress(config: EgressConfig, target: EgressTarget): Promise<string> {
  const { s3 } = config;
  const file = new EncodedFileOutput({
    fileType: EncodedFileType.MP4,
    filepath: `${target.folder}${EGRESS_FILE_NAME}`,
    // The manifest is a second JSON object beside the file; we keep what we need in Postgres.
    disableManifest: true,
    output: {
      case: 's3',
      value: new S3Upload({ bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint, forcePathStyle: s3.forcePathStyle, accessKey: s3.accessKey, secret: s3.secret }),
    },
  });
  const info = await client(config).startParticipantEgress(target.interviewId, target.userId, { file }, { screenShare: false });
  if (!info.egressId) throw new Error('LiveKit answered without an egress id');
  return info.egressId;
}

export async function stopEgress(config: EgressConfig, egressId: string): Promise<EgressOutcome> {
  return outcomeOf(await client(config).stopEgress(egressId));
}

/** Where the egress is now; an egress LiveKit no longer lists has failed for our purposes. */
export async function egressOutcome(config: EgressConfig, egressId: string): Promise<EgressOutcome> {
  const [info] = await client(config).listEgress({ egressId });
  if (!info) return { state: 'failed', reason: `LiveKit no longer knows egress ${egressId}` };
  return outcomeOf(info);
}

function outcomeOf(info: EgressInfo): EgressOutcome {
  switch (info.status) {
    case EgressStatus.EGRESS_COMPLETE:
    // A time limit ends the egress early, but what it recorded is a whole file.
    case EgressStatus.EGRESS_LIMIT_REACHED: {
      const file = info.fileResults[0] ?? (info.result.case === 'file' ? info.result.value : undefined);
      if (!file) return { state: 'failed', reason: `egress ${info.egressId} ended without a file` };
      // LiveKit reports nanoseconds; 0 means it did not say.
      return { state: 'complete', durationMs: file.duration > 0n ? Number(file.duration / 1_000_000n) : null, bytes: file.size > 0n ? Number(file.size) : null };
    }
    case EgressStatus.EGRESS_FAILED:
    case EgressStatus.EGRESS_ABORTED:
      return { state: 'failed', reason: info.error || `egress ${info.egressId} ${EgressStatus[info.status]}` };
    default:
      return { state: 'running' };
  }
}

/** A refusal's message, or why LiveKit could not be reached (fetch hides that in `cause`). */
export function describeEgressError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ((cause as Error & { code?: string }).code ?? cause.message) : undefined;
  return detail ? `${error.message} (${detail})` : error.message;
}
