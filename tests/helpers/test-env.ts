/**
 * The test suite's own settings, validated like the app's (tests are not part
 * of the app, so they do not go through server/env.ts).
 */
import { z } from 'zod';

const schema = z.object({
  TEST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'expected a postgres:// URL' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  CHROMIUM_PATH: z.string().optional(),
  CI: z.string().optional(),
});

export function testConfig() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Bad test environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ...parsed.data, isCI: parsed.data.CI === 'true' || parsed.data.CI === '1' };
}
