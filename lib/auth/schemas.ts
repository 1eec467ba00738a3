/** Sign-up and sign-in shapes, shared by the forms and the server. */
import { z } from 'zod';
import { safeText } from '../validation/text';

export const emailSchema = safeText({ message: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, { message: 'That email address is too long.' })
  .pipe(z.email({ message: 'Enter a valid email address.' }));

export const newPasswordSchema = z
  .string({ message: 'Choose a password.' })
  .min(10, { message: 'Use at least 10 characters.' })
  .max(128, { message: 'Use at most 128 characters.' });

export const signUpSchema = z.object({
  name: safeText({ message: 'Enter your name.' }).trim().min(1, { message: 'Enter your name.' }).max(80, { message: 'Keep your name under 80 characters.' }),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const credentialsSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, { message: 'Enter your password.' }).max(128),
});
