/**
 * Turns the rejection of a promisified `execFile` into text an operator can
 * act on. An `initdb failed: ` with nothing after it once hid the cause (the
 * postgres user could not even execute the binary): the exit code, or the
 * spawn error, and both output streams always appear, "(empty)" included.
 */
import { z } from 'zod';

const outputSchema = z
  .union([z.string(), z.instanceof(Buffer).transform((b) => b.toString('utf8'))])
  .optional()
  .transform((v) => v ?? '');

const execFailureSchema = z.object({
  message: z.string(),
  // A number is the exit code; a string is a spawn error such as EACCES or ENOENT.
  code: z.union([z.number(), z.string()]).nullish(),
  signal: z.string().nullish(),
  stdout: outputSchema,
  stderr: outputSchema,
});

/** Keeps the end of long output: the error is usually in the last lines. */
const MAX_OUTPUT = 4000;

function block(label: string, text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return `  ${label}: (empty)`;
  const tail = trimmed.length > MAX_OUTPUT ? `…${trimmed.slice(-MAX_OUTPUT)}` : trimmed;
  return `  ${label}:\n${tail
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}`;
}

/** `what` names the command (e.g. "initdb"); the result is one summary line plus indented stderr and stdout. */
export function describeChildFailure(what: string, error: unknown): string {
  const parsed = execFailureSchema.safeParse(error);
  if (!parsed.success) return `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
  const { code, signal, stdout, stderr, message } = parsed.data;
  let summary: string;
  if (typeof code === 'number') summary = `${what} exited with code ${code}`;
  else if (signal) summary = `${what} was killed by ${signal}`;
  else if (typeof code === 'string') summary = `${what} could not be run: ${message}`;
  else summary = `${what} failed: ${message}`;
  return [summary, block('stderr', stderr), block('stdout', stdout)].join('\n');
}
