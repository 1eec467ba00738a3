/** Creating a password account. Signing in is next-auth's own endpoint. */
import { z } from 'zod';
import { signUpSchema } from '../auth/schemas';
import { defineRoute } from './contract';

export const signUp = defineRoute({
  method: 'POST',
  path: '/api/signup',
  request: signUpSchema,
  response: z.object({ user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }) }),
  status: 201,
});
