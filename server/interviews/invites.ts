/**
 * Invite links: one per role, unguessable, expiring, and limited in uses.
 * Accepting one makes the user a participant with exactly that role; a link
 * never changes the role of someone who is already a participant.
 */
import type { Prisma } from '../../generated/prisma/client';
import { db } from '../db/client';
import { getRuntime } from '../env';
import { HttpError, NotFoundError } from '../http/errors';
import { hashInviteToken, newInviteToken } from './ids';
import { sealInviteToken } from './invite-seal';
import type { Role } from './policy';

/** How long a link stays valid and how many people it admits, per role. */
export const USED_MESSAGE = 'This invite link has already been used. Ask your interviewer for a new one.';

export const INVITE_RULES: Record<Role, { ttlHours: number; maxUses: number }> = {
  candidate: { ttlHours: 14 * 24, maxUses: 1 },
  interviewer: { ttlHours: 14 * 24, maxUses: 1 },
  observer: { ttlHours: 14 * 24, maxUses: 10 },
};

export type InviteProblem = 'expired' | 'used' | 'revoked' | 'ended';

/** 410 Gone: the link existed but cannot be used any more; the message says why. */
export class InviteUnusableError extends HttpError {
  constructor(
    readonly problem: InviteProblem,
    message: string,
  ) {
    super(410, `invite_${problem}`, message);
  }
}

export function inviteUrl(appUrl: string, token: string): string {
  return `${appUrl}/invite/${token}`;
}

/** The invite page's words for a link its interviewer has reset (see resetInviteLink). */
export const RESET_MESSAGE = 'This invite link was reset by your interviewer and no longer works. Ask your interviewer for the current link.';

/**
 * Creates a link for `role` and returns its token. Earlier links are left
 * alone: replacing one is the explicit reset in invite-links.ts. The token is
 * stored hashed (for lookup) and sealed (so its creator can copy it again).
 */
export async function issueInvite(interviewId: string, role: Role, now = new Date(), client: InviteWriter = db()): Promise<string> {
  const { token, hash } = newInviteToken();
  const rule = INVITE_RULES[role];
  await client.invite.create({
    data: {
      interviewId, role, tokenHash: hash,
      tokenCiphertext: sealInviteToken(token, { interviewId, role, tokenHash: hash }, getRuntime().authSecret),
      maxUses: rule.maxUses, expiresAt: new Date(now.getTime() + rule.ttlHours * 3600_000),
    },
  });
  return token;
}

/** The database client or an open transaction: anything that can create an invite row. */
export type InviteWriter = Pick<Prisma.TransactionClient, 'invite'>;

export interface InvitePreview {
  interviewId: string;
  interviewTitle: string;
  role: Role;
  hostName: string | null;
  expiresAt: Date;
  /** Every use is taken; only someone already in the interview can still follow it. */
  exhausted: boolean;
}

/** What the invite page shows before the visitor commits; throws when the link cannot be used. */
export async function previewInvite(token: string, now = new Date()): Promise<InvitePreview> {
  const invite = await db().invite.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    include: { interview: { select: { id: true, title: true, status: true, createdBy: { select: { name: true } } } } },
  });
  if (!invite) throw new NotFoundError('This invite link is not valid. Check that you copied all of it, or ask for a new one.');
  if (invite.interview.status === 'ended') throw new InviteUnusableError('ended', 'This interview has already ended.');
  if (invite.revokedAt) throw new InviteUnusableError('revoked', RESET_MESSAGE);
  if (invite.expiresAt <= now) {
    throw new InviteUnusableError('expired', `This invite link expired on ${invite.expiresAt.toUTCString()}. Ask your interviewer for a new one.`);
  }
  return {
    interviewId: invite.interview.id,
    interviewTitle: invite.interview.title,
    role: invite.role,
    hostName: invite.interview.createdBy.name,
    expiresAt: invite.expiresAt,
    exhausted: invite.uses >= invite.maxUses,
  };
}

/**
 * Makes `userId` a participant through the link. Idempotent for someone who is
 * already a participant (their role stays as it was). Returns the interview id.
 */
export async function acceptInvite(token: string, userId: string, now = new Date()): Promise<{ interviewId: string; role: Role }> {
  const preview = await previewInvite(token, now);
  return db().$transaction(async (tx) => {
    const existing = await tx.participant.findUnique({ where: { interviewId_userId: { interviewId: preview.interviewId, userId } } });
    if (existing) return { interviewId: preview.interviewId, role: existing.role };
    // Conditional increment: two people racing for a single-use link cannot both win.
    const claimed = await tx.$executeRaw`
      UPDATE "Invite" SET "uses" = "uses" + 1
      WHERE "tokenHash" = ${hashInviteToken(token)} AND "uses" < "maxUses" AND "revokedAt" IS NULL AND "expiresAt" > ${now}`;
    if (claimed !== 1) {
      throw new InviteUnusableError('used', USED_MESSAGE);
    }
    const invite = await tx.invite.findUniqueOrThrow({ where: { tokenHash: hashInviteToken(token) } });
    await tx.participant.create({ data: { interviewId: preview.interviewId, userId, role: invite.role, inviteId: invite.id } });
    return { interviewId: preview.interviewId, role: invite.role };
  });
}
