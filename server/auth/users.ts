import type { SignUpInput } from '../../lib/auth/schemas';
import { db } from '../db/client';
import { ConflictError } from '../http/errors';
import { hashPassword } from './password';

export interface PublicUser {
  id: string;
  name: string | null;
  email: string;
}

/** Creates a password account. `input` must already be parsed by signUpSchema (lower-cased email). */
export async function createPasswordUser(input: SignUpInput): Promise<PublicUser> {
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new ConflictError('An account with that email already exists. Sign in instead.');
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().user.create({
      data: { name: input.name, email: input.email, passwordHash },
      select: { id: true, name: true, email: true },
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides.
    if ((error as { code?: string }).code === 'P2002') {
      throw new ConflictError('An account with that email already exists. Sign in instead.');
    }
    throw error;
  }
}
