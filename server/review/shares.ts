/**
 * Share links to a review, made by someone who can see it, for someone who
 * was not in the session. The link holds a 192-bit token (only its hash is
 * looked up; the token is kept sealed so its creator can copy it again),
 * the scope its creator could see at that moment, and an expiry. Its
 * creator lists who opened it and can revoke it.
 */
import type { ShareView } from '../../lib/api/review';
import { displayName } from '../../lib/auth/display-name';
import { db } from '../db/client';
import { getRuntime } from '../env';
import { NotFoundError } from '../http/errors';
import { newInterviewId, newInviteToken } from '../interviews/ids';
import { openInviteToken, sealInviteToken } from '../interviews/invite-seal';
import { shareableScope } from '../interviews/policy';
import type { LoadedInterview } from '../interviews/service';
import { memberAccess } from './access';
import { reviewScopeSchema } from '../../lib/api/review';
import { HttpError } from '../http/errors';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The seal's associated data names what the token opens, so an invite's ciphertext never opens a share and back. */
const SEAL_ROLE = 'review-share';

const withOpens = { opens: { orderBy: { openedAt: 'desc' }, take: 500, include: { user: { select: { id: true, name: true, email: true } } } } } as const;
type ShareRow = Awaited<ReturnType<typeof findShares>>[number];

function findShares(interviewId: string, createdById: string) {
  return db().reviewShare.findMany({ where: { interviewId, createdById }, orderBy: { createdAt: 'desc' }, include: withOpens });
}

export function shareUrl(interviewId: string, token: string): string {
  return `${getRuntime().appUrl}/interviews/${encodeURIComponent(interviewId)}/review?share=${encodeURIComponent(token)}`;
}

function viewOf(row: ShareRow): ShareView {
  const token = openInviteToken(row.tokenCiphertext, { interviewId: row.interviewId, role: SEAL_ROLE, tokenHash: row.tokenHash }, getRuntime().authSecret);
  return {
    id: row.id,
    url: token ? shareUrl(row.interviewId, token) : '',
    scope: reviewScopeSchema.parse(row.scope),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    opens: byPerson(row.opens),
  };
}

/** Every open is stored; the creator reads one line per person (newest first), with how often they came back. */
function byPerson(opens: ShareRow['opens']): ShareView['opens'] {
  const people = new Map<string, ShareView['opens'][number]>();
  for (const open of opens) {
    const seen = people.get(open.user.id);
    if (seen) seen.count += 1;
    else people.set(open.user.id, { name: displayName(open.user), openedAt: open.openedAt.toISOString(), count: 1 });
  }
  return [...people.values()];
}

/** A link showing exactly what the caller sees of this review now. */
export async function createShare(view: LoadedInterview, expiresInDays: number): Promise<ShareView> {
  const access = shareableScope(await memberAccess(view));
  if (!access.ok) throw new HttpError(access.status, access.status === 409 ? 'conflict' : 'forbidden', access.reason);
  const { token, hash } = newInviteToken();
  const id = newInterviewId();
  const tokenCiphertext = sealInviteToken(token, { interviewId: view.interview.id, role: SEAL_ROLE, tokenHash: hash }, getRuntime().authSecret);
  const row = await db().reviewShare.create({
    data: { id, interviewId: view.interview.id, createdById: view.actor.userId, tokenHash: hash, tokenCiphertext, scope: access.scope, expiresAt: new Date(Date.now() + expiresInDays * DAY_MS) },
    include: withOpens,
  });
  return viewOf(row);
}

export async function listShares(view: LoadedInterview): Promise<ShareView[]> {
  return (await findShares(view.interview.id, view.actor.userId)).map(viewOf);
}

/** Only the link's creator revokes it; revoking twice keeps the first time. */
export async function revokeShare(view: LoadedInterview, shareId: string): Promise<ShareView> {
  const row = await db().reviewShare.findFirst({ where: { id: shareId, interviewId: view.interview.id, createdById: view.actor.userId } });
  if (!row) throw new NotFoundError('You have no share link with that id for this interview.');
  if (!row.revokedAt) await db().reviewShare.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  return viewOf(await db().reviewShare.findUniqueOrThrow({ where: { id: row.id }, include: withOpens }));
}
