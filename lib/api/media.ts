/** A short-lived LiveKit token for the interview's call (only when the server has LiveKit configured). */
import { z } from 'zod';
import { defineRoute } from './contract';

export const mediaToken = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/media/token',
  response: z.object({ url: z.string(), token: z.string(), expiresAt: z.iso.datetime() }),
});
