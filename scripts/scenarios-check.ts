// `npm run scenarios:check [dir] [--validate-only]`: validates every scenario
// file, printing `file:line: field: problem` per error, then runs the
// seed-overlap check (scenario text must be our own words) when its tool sits
// beside the repository. Exits non-zero on any problem. `--validate-only`
// leaves the overlap check out: tests use it, because a user's clone never has
// ../shared and CI runs the overlap check as its own step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/app';
import { loadScenarioLibrary, ScenarioLibraryError } from '../server/scenarios/library';
import { formatProblem } from '../server/scenarios/validate';

const args = process.argv.slice(2);
const validateOnly = args.includes('--validate-only');
const dirArg = args.find((a) => !a.startsWith('--'));
const dir = path.resolve(dirArg ?? path.join(PROJECT_ROOT, 'scenarios'));
let failed = false;

try {
  const library = loadScenarioLibrary(dir);
  console.log(`scenarios: ${library.scenarios.length} valid (${library.domains.length} domains) in ${path.relative(process.cwd(), dir) || '.'}`);
} catch (error) {
  if (!(error instanceof ScenarioLibraryError)) throw error;
  for (const problem of error.problems) console.error(formatProblem(problem));
  console.error(`scenarios: ${error.problems.length} problem(s)`);
  failed = true;
}

// The seed documents live beside the repository (../shared), not in it.
const overlapTool = path.resolve(PROJECT_ROOT, '..', 'shared', 'tools', 'seed-overlap.mjs');
if (validateOnly) {
  // Nothing to say: the caller asked for validation alone.
} else if (existsSync(overlapTool)) {
  const result = spawnSync(process.execPath, [overlapTool, dir], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
} else {
  // stdout, not stderr: stderr carries only problems with the files.
  console.log(`seed-overlap: not run (${overlapTool} not found; it ships beside the repository in ../shared).`);
}

process.exit(failed ? 1 : 0);
