/**
 * Where recordings are kept: on disk under DATA_DIR/recordings by default, or
 * in an S3 bucket when S3_BUCKET is set. The rest of the app sees only
 * `RecordingStorage` (types.ts).
 */
import path from 'node:path';
import type { Env } from '../../env';
import { DiskRecordingStorage } from './disk';
import { S3RecordingStorage } from './s3';
import type { RecordingStorage } from './types';

export { DiskRecordingStorage } from './disk';
export { S3RecordingStorage } from './s3';
export { KEY_PATTERN, RecordingStorageError, type ByteRange, type RecordingStorage, type RecordingStorageErrorCode } from './types';

type StorageEnv = Pick<Env, 'DATA_DIR' | 'S3_BUCKET' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'>;

/** Pass DATA_DIR already resolved (as server/app.ts does), or it is taken relative to the working directory. */
export function recordingStorage(env: StorageEnv): RecordingStorage {
  if (!env.S3_BUCKET) return new DiskRecordingStorage(path.resolve(env.DATA_DIR, 'recordings'));
  return new S3RecordingStorage({
    bucket: env.S3_BUCKET,
    client: {
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      // Unset: the SDK's default chain (AWS_* variables, shared config, instance role).
      credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
    },
  });
}
