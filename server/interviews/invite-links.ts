/**
 * An interview's invite links as its interviewers manage them: read each
 * role's current link, copy it (the same link every time), or reset it.
 *
 * A role's current link is its newest one not revoked. Copying never revokes
 * anything, so a link already sent keeps working; only a reset replaces it.
 * Callers must be authorized for 'invites.manage' (the route wrapper does it).
 */
import type { Prisma } from '../../generated/prisma/client';
import type { InviteLink } from '../../lib/api/invites';
import { db } from '../db/client';
import { getRuntime } from '../env';
import { hashInviteToken } from './ids';
import { openInviteToken } from './invite-seal';
import { inviteUrl, issueInvite } from './invites';
import { ROLES, type Role } from './policy';

type InviteRow = Prisma.InviteGetPayload<true>;

function viewOf(row: InviteRow, now: Date): InviteLink {
  const { appUrl, authSecret } = getRuntime();
  const token = openInviteToken(row.tokenCiphertext, { interviewId: row.interviewId, role: row.role, tokenHash: row.tokenHash }, authSecret);
  return {
    role: row.role,
    url: token ? inviteUrl(appUrl, token) : null,
    state: row.expiresAt <= now ? 'expired' : row.uses >= row.maxUses ? 'used' : 'active',
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    uses: row.uses,
    maxUses: row.maxUses,
  };
}

const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] as const satisfies Prisma.InviteOrderByWithRelationInput[];

function current(tx: Prisma.TransactionClient, interviewId: string, role: Role): Promise<InviteRow | null> {
  return tx.invite.findFirst({ where: { interviewId, role, revokedAt: null }, orderBy: [...newestFirst] });
}

const created = (tx: Prisma.TransactionClient, token: string) => tx.invite.findUniqueOrThrow({ where: { tokenHash: hashInviteToken(token) } });

/**
 * Serializes copy and reset per interview and role, so two interviewers
 * clicking at once cannot each make a "current" link.
 */
async function locked<T>(interviewId: string, role: Role, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invite:${interviewId}:${role}`}, 0))`;
    return work(tx);
  });
}

export async function currentInviteLinks(interviewId: string, now = new Date()): Promise<Record<Role, InviteLink | null>> {
  const rows = await db().invite.findMany({ where: { interviewId, revokedAt: null }, orderBy: [...newestFirst] });
  const links = { candidate: null, interviewer: null, observer: null } as Record<Role, InviteLink | null>;
  for (const role of ROLES) {
    const row = rows.find((r) => r.role === role);
    if (row) links[role] = viewOf(row, now);
  }
  return links;
}

/**
 * The link to copy for `role`: its current one, or a new one when it has none
 * or that one has expired (an expired link admits nobody, so nothing sent is
 * lost). A used-up or unreadable link is returned as it is; the interviewer
 * decides whether to reset it.
 */
export async function copyInviteLink(interviewId: string, role: Role, now = new Date()): Promise<InviteLink> {
  return locked(interviewId, role, async (tx) => {
    const row = await current(tx, interviewId, role);
    if (row && row.expiresAt > now) return viewOf(row, now);
    return viewOf(await created(tx, await issueInvite(interviewId, role, now, tx)), now);
  });
}

/** Revokes every live link for `role` and makes a new one. People who already joined stay in. */
export async function resetInviteLink(interviewId: string, role: Role, now = new Date()): Promise<InviteLink> {
  return locked(interviewId, role, async (tx) => {
    await tx.invite.updateMany({ where: { interviewId, role, revokedAt: null }, data: { revokedAt: now } });
    return viewOf(await created(tx, await issueInvite(interviewId, role, now, tx)), now);
  });
}
