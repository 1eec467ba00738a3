import { getEnv, getRuntime } from '../env';
import { recordingStorage, type RecordingStorage } from './storage';

let store: RecordingStorage | undefined;

/** The one recording store of this process (disk under DATA_DIR, or S3), configured on first use. */
export function recordingStore(): RecordingStorage {
  store ??= recordingStorage({ ...getEnv(), DATA_DIR: getRuntime().dataDir });
  return store;
}
