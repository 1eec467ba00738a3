/**
 * A forked process running the recording upload load (./uploads.ts) for
 * bench/recording.ts:
 *   parent → { type: 'run', config, schedule }   worker → { type: 'result', result }
 *   parent → { type: 'close' }                   worker exits
 * It also exits when the parent goes away.
 */
import { runUploads, type UploadConfig, type UploadSchedule } from './uploads';

type Message = { type: 'run'; config: UploadConfig; schedule: UploadSchedule; startSeq?: number[] } | { type: 'close' };

const reply = (message: unknown) => process.send?.(message);

process.on('message', (message: Message) => {
  if (message.type === 'close') {
    process.disconnect?.();
    setTimeout(() => process.exit(0), 100);
    return;
  }
  runUploads(message.config, message.schedule, message.startSeq).then(
    (result) => reply({ type: 'result', result }),
    (error: unknown) => reply({ type: 'error', message: (error as Error).stack ?? String(error) }),
  );
});
process.on('disconnect', () => setTimeout(() => process.exit(0), 100));
