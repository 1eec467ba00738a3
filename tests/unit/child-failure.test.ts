import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeChildFailure } from '../../server/db/child-failure';
import { loadBinaries } from '../../server/db/pg-binaries';

const run = promisify(execFile);

/** The rejection of a real child process. */
async function failureOf(file: string, args: string[]): Promise<unknown> {
  return run(file, args).then(
    () => {
      throw new Error(`${file} ${args.join(' ')} was expected to fail`);
    },
    (error: unknown) => error,
  );
}

describe('describeChildFailure', () => {
  it('shows the exit code and stderr of initdb given an invalid option', async () => {
    const { initdb } = await loadBinaries();
    const text = describeChildFailure('initdb', await failureOf(initdb, ['--no-such-option']));
    expect(text).toMatch(/^initdb exited with code 1\n/);
    expect(text).toMatch(/ {2}stderr:\n {4}.*no-such-option/);
    expect(text).toContain('  stdout: (empty)');
  });

  it('shows stdout, and says stderr was empty, when the process only wrote to stdout', async () => {
    const text = describeChildFailure('tool', await failureOf(process.execPath, ['-e', 'console.log("line one\\nline two"); process.exit(3)']));
    expect(text).toBe('tool exited with code 3\n  stderr: (empty)\n  stdout:\n    line one\n    line two');
  });

  it('says why a binary could not be run at all, never an empty reason', async () => {
    const text = describeChildFailure('initdb', await failureOf('/nonexistent/mockroom/initdb', []));
    expect(text).toMatch(/^initdb could not be run: spawn \/nonexistent\/mockroom\/initdb ENOENT\n/);
    expect(text).toContain('  stderr: (empty)\n  stdout: (empty)');
  });

  it('names the signal of a killed process', async () => {
    const text = describeChildFailure('sleeper', await failureOf(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")']));
    expect(text).toMatch(/^sleeper was killed by SIGKILL\n/);
  });
});
