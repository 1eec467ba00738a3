// Runs `prisma generate` offline. Prisma's CLI insists on a native schema
// engine that its postinstall downloads from Prisma's servers; generate never
// runs it, so when the download could not happen we point the CLI at any file.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
const enginesDir = path.join(root, 'node_modules', '@prisma', 'engines');
const hasEngine = (() => {
  try {
    return readdirSync(enginesDir).some((f) => f.startsWith('schema-engine'));
  } catch {
    return false;
  }
})();
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && !hasEngine) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const cli = path.join(root, 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
