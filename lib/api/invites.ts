/** An invite link seen from outside the interview: what it grants, and accepting it. */
import { z } from 'zod';
import { ROLES } from '../interviews/roles';
import { defineRoute } from './contract';

/** Anyone holding the link may see this much, and no more. */
export const previewInvite = defineRoute({
  method: 'GET',
  path: '/api/invites/:token',
  response: z.object({
    interviewTitle: z.string(),
    role: z.enum(ROLES),
    hostName: z.string().nullable(),
    expiresAt: z.iso.datetime(),
    exhausted: z.boolean(),
  }),
});

export const acceptInvite = defineRoute({
  method: 'POST',
  path: '/api/invites/:token',
  response: z.object({ interviewId: z.string(), role: z.enum(ROLES), roomUrl: z.string() }),
});
