/**
 * Two demo logins for local use, so a newcomer can try both sides of a room at
 * once. Passwords are generated per data folder (never a shared default that
 * would open a server someone exposed by accident).
 */
import { hashPassword, verifyPassword } from '../auth/password';
import { db } from '../db/client';
import { readOrCreateSecret } from '../local-secrets';

export interface DemoLogin {
  role: string;
  name: string;
  email: string;
  password: string;
}

const DEMO_USERS = [
  { role: 'interviewer', name: 'Dana Reyes (demo interviewer)', email: 'interviewer@mockroom.test' },
  { role: 'candidate', name: 'Sam Okafor (demo candidate)', email: 'candidate@mockroom.test' },
] as const;

export async function ensureDemoAccounts(dataDir: string): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const demo of DEMO_USERS) {
    const password = readOrCreateSecret(dataDir, `demo-${demo.role}-password`, 9);
    const existing = await db().user.findUnique({ where: { email: demo.email }, select: { passwordHash: true } });
    if (!existing) {
      await db().user.create({ data: { name: demo.name, email: demo.email, passwordHash: await hashPassword(password), emailVerified: new Date() } });
    } else if (!existing.passwordHash || !(await verifyPassword(existing.passwordHash, password))) {
      // The data folder's password file is the source of truth; realign after a reset.
      await db().user.update({ where: { email: demo.email }, data: { passwordHash: await hashPassword(password) } });
    }
    logins.push({ ...demo, password });
  }
  return logins;
}
