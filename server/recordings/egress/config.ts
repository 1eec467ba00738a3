/**
 * When the server captures recordings itself: LiveKit Egress is used only when
 * both LiveKit (the call runs through it, so it has everyone's media) and S3
 * (Egress uploads only to object storage, never to our disk) are configured.
 * Otherwise each browser records its own camera and microphone.
 */
import type { RecordingCapture } from '../../../lib/api/recording';
import { getEnv, type Env } from '../../env';
import { log } from '../../log';
import { liveKitConfig, type LiveKitConfig } from '../../media/livekit';

/** Egress writes MP4 (H.264/AAC, already seekable: its index is written when the file closes). */
export const SERVER_CAPTURE_MIME = 'video/mp4';

export interface EgressS3 {
  bucket: string;
  region: string;
  /** Empty for AWS itself. */
  endpoint: string;
  forcePathStyle: boolean;
  /** Empty: the Egress service uses its own credential chain, as our SDK does with these unset. */
  accessKey: string;
  secret: string;
}

export interface EgressConfig {
  livekit: LiveKitConfig;
  s3: EgressS3;
}

type EgressEnv = Pick<Env, 'LIVEKIT_URL' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT' | 'S3_FORCE_PATH_STYLE' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY'>;

export function egressConfig(): EgressConfig | null {
  const env = getEnv();
  const livekit = liveKitConfig();
  if (!livekit || !env.S3_BUCKET) return null;
  return {
    livekit,
    s3: {
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT ?? '',
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      accessKey: env.S3_ACCESS_KEY_ID ?? '',
      secret: env.S3_SECRET_ACCESS_KEY ?? '',
    },
  };
}

export function recordingCapture(): RecordingCapture {
  return egressConfig() ? 'server' : 'browser';
}

/** Said once at start-up, so an operator who configured LiveKit knows why browsers still record. */
export function logCaptureMode(env: EgressEnv = getEnv()): void {
  if (!env.LIVEKIT_URL) return;
  if (!env.S3_BUCKET) {
    log.info('Recording: LiveKit is configured but S3_BUCKET is not, so each browser records itself (LiveKit Egress can only upload to S3-compatible storage).');
    return;
  }
  log.info(`Recording: LiveKit Egress records each person who allows it into S3 bucket ${env.S3_BUCKET}.`);
}
