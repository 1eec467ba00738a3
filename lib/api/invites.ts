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

// ---------------------------------------------------------------------------
// Managing an interview's links (interviewers only, until the end).

const inviteRoleSchema = z.enum(ROLES, { message: 'role must be candidate, interviewer or observer' });
export const inviteLinkRequestSchema = z.object({ role: inviteRoleSchema });

/**
 * A role's current link. `url` is null when the server cannot show it again
 * (a link made before links were kept sealed, or after the auth secret
 * changed): it still works for whoever has it, and a reset gives a new one.
 */
export const inviteLinkSchema = z.object({
  role: inviteRoleSchema,
  url: z.string().nullable(),
  /** active: admits people; used: every place is taken; expired: past expiresAt. */
  state: z.enum(['active', 'used', 'expired']),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  uses: z.number().int(),
  maxUses: z.number().int(),
});
export type InviteLink = z.infer<typeof inviteLinkSchema>;

/** Each role's current link, or null where none was ever made. Reading changes nothing. */
export const listInviteLinks = defineRoute({
  method: 'GET',
  path: '/api/interviews/:id/invites',
  response: z.object({ links: z.object({ candidate: inviteLinkSchema.nullable(), interviewer: inviteLinkSchema.nullable(), observer: inviteLinkSchema.nullable() }) }),
});

/**
 * The link to copy: the role's current one, the same every time. A new one is
 * made only when the role has none yet or its link has expired, so copying
 * never stops a link already sent from working.
 */
export const copyInviteLink = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/invites',
  request: inviteLinkRequestSchema,
  response: inviteLinkSchema,
});

/** Replaces the role's link: the old one stops working at once (its page says it was reset). */
export const resetInviteLink = defineRoute({
  method: 'POST',
  path: '/api/interviews/:id/invites/reset',
  request: inviteLinkRequestSchema,
  response: inviteLinkSchema,
  status: 201,
});
