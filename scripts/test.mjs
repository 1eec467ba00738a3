// `npm test`: unit, integration and e2e suites in one vitest run.
//  - No Chromium on a developer box: e2e is left out with a loud notice.
//  - CI=true: a missing browser, an e2e suite that ran no test, or any skipped
//    test fails the run.
// Extra arguments go to vitest (e.g. `npm test -- tests/unit`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../tests/helpers/chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const isCI = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  return ['', bar, ...lines.map((l) => `! ${l.padEnd(width - 4)} !`), bar, ''].join('\n');
}

const chromium = findChromium();
const projects = ['unit', 'integration', 'security'];
if (chromium) {
  projects.push('e2e', 'e2e-serial');
} else if (isCI) {
  console.error(banner([
    'CI=true but Chromium was not found (CHROMIUM_PATH or /usr/bin/chromium).',
    'The e2e suite must run in CI. Install it: apt-get install -y chromium',
  ]));
  process.exit(1);
} else {
  console.error(banner([
    'E2E TESTS ARE NOT RUNNING: Chromium was not found.',
    'Looked at CHROMIUM_PATH, then /usr/bin/chromium.',
    'Install it with: sudo apt-get install -y chromium',
    'Unit and integration tests still run; UI behaviour is NOT checked.',
  ]));
}

const reportDir = path.join(root, 'test-results');
const report = path.join(reportDir, 'vitest.json');
mkdirSync(reportDir, { recursive: true });
rmSync(report, { force: true });

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [vitest, 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });

if (!existsSync(report)) {
  console.error('vitest wrote no report; treating the run as failed.');
  process.exit(result.status || 1);
}

const { testResults } = JSON.parse(readFileSync(report, 'utf8'));
const counts = {};
for (const file of testResults) {
  const project = path.relative(root, file.name).startsWith(`tests${path.sep}e2e`) ? 'e2e' : 'other';
  for (const test of file.assertionResults) {
    counts[project] ??= { passed: 0, failed: 0, skipped: 0 };
    const bucket = test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped';
    counts[project][bucket] += 1;
  }
}
const total = Object.values(counts).reduce((a, c) => ({ passed: a.passed + c.passed, failed: a.failed + c.failed, skipped: a.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
const e2e = counts.e2e ?? { passed: 0, failed: 0, skipped: 0 };

let problem = null;
if (total.skipped > 0) problem = `${total.skipped} test(s) were skipped or todo; the suite allows none.`;
if (projects.includes('e2e') && extraArgs.length === 0 && e2e.passed === 0) problem = 'The e2e suite ran no passing test.';

console.log(`\ne2e: ${e2e.passed} passed, ${e2e.failed} failed${chromium ? '' : ' (NOT RUN: no Chromium)'}`);
console.log(`${total.passed} passed, ${total.failed} failed`);
if (problem) console.error(`\nFAIL: ${problem}`);
process.exit(result.status !== 0 ? result.status || 1 : problem ? 1 : 0);
