// `npm run db:migrate`: applies committed migrations to DATABASE_URL, or to the
// embedded Postgres under DATA_DIR when it is unset (starting it if needed).
import path from 'node:path';
import { PROJECT_ROOT } from '../server/app';
import { resolveDatabase } from '../server/boot/database';
import { EnvError, getEnv, loadEnvFiles } from '../server/env';

try {
  loadEnvFiles(PROJECT_ROOT);
  const env = getEnv();
  const database = await resolveDatabase({ ...env, DATA_DIR: path.resolve(PROJECT_ROOT, env.DATA_DIR) });
  await database.stop();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
