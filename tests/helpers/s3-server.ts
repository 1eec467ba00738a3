/**
 * A real S3 server in the test process: s3rver on 127.0.0.1, storing into a
 * temp folder that is removed on close. Its default credentials are
 * S3RVER / S3RVER; it speaks path-style.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = 'test-bucket'): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'mockroom-s3rver-'));
  // Port 0: the kernel picks a free port, with no window for another process to take it.
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
