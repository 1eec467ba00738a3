/**
 * Invite links that stay valid (issue 12, item 2): copying returns the role's
 * current link, the same every time, and never stops a link already sent;
 * only an explicit reset replaces it, and the old link's page says so. The
 * token is kept sealed with a key from the auth secret, readable only by
 * interviewers of the interview, through the policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../generated/prisma/client';
import { hashInviteToken } from '../../server/interviews/ids';
import { openInviteToken } from '../../server/interviews/invite-seal';
import { HttpSession } from '../helpers/http-session';
import { acceptInvite, createInterview, interviewWithParties, signedInUser, type InviteLinks } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
let prisma: PrismaClient;
const url = () => fixture.server.url;

beforeAll(async () => {
  fixture = await serverFixture();
  prisma = fixture.prisma;
});
afterAll(async () => {
  await fixture?.close();
});

const tokenOf = (link: string) => new URL(link).pathname.split('/').pop()!;
const copy = (s: HttpSession, id: string, role: string) => s.api('POST', `/api/interviews/${id}/invites`, { role });
const reset = (s: HttpSession, id: string, role: string) => s.api('POST', `/api/interviews/${id}/invites/reset`, { role });
const list = (s: HttpSession, id: string) => s.api('GET', `/api/interviews/${id}/invites`);

async function owned(): Promise<{ owner: HttpSession; id: string; invites: InviteLinks }> {
  const owner = await signedInUser(url(), 'Ines Interviewer');
  return { owner, ...(await createInterview(owner)) };
}

describe('copying a link', () => {
  it('returns the same link on every copy, the one made with the interview, and it keeps working', async () => {
    const { owner, id, invites } = await owned();
    const first = await copy(owner, id, 'observer');
    const second = await copy(owner, id, 'observer');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ role: 'observer', url: invites.observer, state: 'active', uses: 0, maxUses: 10 });
    expect(second.body.url).toBe(first.body.url);
    expect((await prisma.invite.count({ where: { interviewId: id, role: 'observer' } }))).toBe(1);

    // Two people, each sent the link at a different copy: both get in.
    for (const name of ['Oli Observer', 'Ona Observer']) await acceptInvite(await signedInUser(url(), name), first.body.url);
    const after = await list(owner, id);
    expect(after.status).toBe(200);
    expect(after.body.links.observer).toMatchObject({ url: invites.observer, state: 'active', uses: 2 });
  });

  it('says a used-up link is used, still returns it, and leaves replacing it to a reset', async () => {
    const { owner, id, invites } = await owned();
    await acceptInvite((await signedInUser(url(), 'Cal Candidate')), invites.candidate);
    const again = await copy(owner, id, 'candidate');
    expect(again.body).toMatchObject({ url: invites.candidate, state: 'used', uses: 1, maxUses: 1 });
    expect(await prisma.invite.count({ where: { interviewId: id, role: 'candidate' } })).toBe(1);
  });

  it('makes one link only when the role has none, even when several copies race', async () => {
    const { owner, id } = await owned();
    await prisma.invite.deleteMany({ where: { interviewId: id, role: 'interviewer' } });
    expect((await list(owner, id)).body.links.interviewer).toBeNull();
    const copies = await Promise.all(Array.from({ length: 6 }, () => copy(owner, id, 'interviewer')));
    expect(copies.map((c) => c.status)).toEqual(Array(6).fill(200));
    expect(new Set(copies.map((c) => c.body.url)).size).toBe(1);
    expect(await prisma.invite.count({ where: { interviewId: id, role: 'interviewer' } })).toBe(1);
    await acceptInvite((await signedInUser(url(), 'Cora Co-interviewer')), copies[0]!.body.url);
  });

  it('replaces an expired link on copy, since it admits nobody; the expired one still says it expired', async () => {
    const { owner, id, invites } = await owned();
    await prisma.invite.updateMany({ where: { interviewId: id, role: 'candidate' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await list(owner, id)).body.links.candidate).toMatchObject({ url: invites.candidate, state: 'expired' });
    const fresh = await copy(owner, id, 'candidate');
    expect(fresh.body).toMatchObject({ state: 'active' });
    expect(fresh.body.url).not.toBe(invites.candidate);
    expect((await copy(owner, id, 'candidate')).body.url).toBe(fresh.body.url);
    const visitor = (await signedInUser(url(), 'Vic Visitor'));
    expect((await visitor.api('POST', `/api/invites/${tokenOf(invites.candidate)}`)).body.error.code).toBe('invite_expired');
    await acceptInvite(visitor, fresh.body.url);
  });
});

describe('resetting a link', () => {
  it('stops the old link at once, with a page that says it was reset; the new one works and is what copy returns', async () => {
    const { owner, id, invites } = await owned();
    const fresh = await reset(owner, id, 'candidate');
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ role: 'candidate', state: 'active', uses: 0 });
    expect(fresh.body.url).not.toBe(invites.candidate);
    expect((await copy(owner, id, 'candidate')).body.url).toBe(fresh.body.url);
    expect((await list(owner, id)).body.links.candidate.url).toBe(fresh.body.url);

    const visitor = (await signedInUser(url(), 'Vic Visitor'));
    const old = await visitor.api('POST', `/api/invites/${tokenOf(invites.candidate)}`);
    expect(old.status).toBe(410);
    expect(old.body.error).toEqual({
      code: 'invite_revoked',
      message: 'This invite link was reset by your interviewer and no longer works. Ask your interviewer for the current link.',
    });
    const page = await (await new HttpSession(url()).fetch(`/invite/${tokenOf(invites.candidate)}`)).text();
    expect(page).toContain('This invite link was reset by your interviewer and no longer works. Ask your interviewer for the current link.');
    await acceptInvite(visitor, fresh.body.url);
  });

  it('keeps people who joined through the old link in the interview', async () => {
    const { owner, id, invites } = await owned();
    const oli = await signedInUser(url(), 'Oli Observer');
    await acceptInvite(oli, invites.observer);
    expect((await reset(owner, id, 'observer')).status).toBe(201);
    expect((await oli.api('GET', `/api/interviews/${id}/cards`)).status).toBe(200);
  });
});

describe('who may see links', () => {
  it('refuses the candidate, observers, outsiders and anonymous callers, and no token reaches them', async () => {
    const parties = await interviewWithParties(url());
    const id = parties.id;
    const tokens = Object.values(parties.invites).map(tokenOf);
    const outsider = (await signedInUser(url(), 'Otto Outsider'));
    for (const [who, session, status] of [
      ['candidate', parties.candidate, 403],
      ['observer', parties.observer, 403],
      ['outsider', outsider, 403],
      ['anonymous', new HttpSession(url()), 401],
    ] as const) {
      for (const call of [() => list(session, id), () => copy(session, id, 'observer'), () => reset(session, id, 'candidate')]) {
        const response = await call();
        expect(response.status, who).toBe(status);
        const text = JSON.stringify(response.body);
        for (const token of tokens) expect(text).not.toContain(token);
        expect(text).not.toContain('/invite/');
      }
    }
    // Their refusals changed nothing: the links sent are still the current ones.
    const links = (await list(parties.interviewer, id)).body.links;
    expect(Object.fromEntries(Object.entries(links).map(([role, link]) => [role, (link as { url: string }).url]))).toEqual(parties.invites);
  });

  it('closes links to interviewers too once the interview has ended', async () => {
    const { owner, id } = await owned();
    expect((await owner.api('POST', `/api/interviews/${id}/end`)).status).toBe(200);
    for (const response of [await list(owner, id), await copy(owner, id, 'candidate'), await reset(owner, id, 'candidate')]) {
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe('Only interviewers can see, copy or reset invite links, and only until the interview ends.');
    }
  });
});

describe('the sealed token', () => {
  it('stores ciphertext that is not the token, opens only with the server’s secret and on its own row', async () => {
    const { id, invites } = await owned();
    const rows = await prisma.invite.findMany({ where: { interviewId: id } });
    expect(rows).toHaveLength(3);
    const secret = fixture.env.AUTH_SECRET!;
    for (const row of rows) {
      const token = tokenOf(invites[row.role]);
      expect(row.tokenHash).toBe(hashInviteToken(token));
      expect(row.tokenCiphertext).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(row.tokenCiphertext).not.toContain(token);
      expect(Buffer.from(row.tokenCiphertext!.slice(3), 'base64url').toString('latin1')).not.toContain(token);
      const context = { interviewId: id, role: row.role, tokenHash: row.tokenHash };
      expect(openInviteToken(row.tokenCiphertext, context, secret)).toBe(token);
      expect(openInviteToken(row.tokenCiphertext, context, `${secret}x`)).toBeNull();
      expect(openInviteToken(row.tokenCiphertext, context, 'another secret of the right sort of length!!')).toBeNull();
    }
    // Moved onto another row (say, the candidate's ciphertext under the observer's hash), it does not open.
    const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
    expect(openInviteToken(a.tokenCiphertext, { interviewId: id, role: b.role, tokenHash: b.tokenHash }, secret)).toBeNull();
    expect(openInviteToken(a.tokenCiphertext, { interviewId: 'another-interview', role: a.role, tokenHash: a.tokenHash }, secret)).toBeNull();
    // A flipped bit is refused, not decrypted into a wrong token.
    const raw = Buffer.from(a.tokenCiphertext!.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(openInviteToken(`v1.${raw.toString('base64url')}`, { interviewId: id, role: a.role, tokenHash: a.tokenHash }, secret)).toBeNull();
  });

  it('treats a link from before sealing (or under another secret) as working but not copyable, until a reset', async () => {
    const { owner, id, invites } = await owned();
    await prisma.invite.updateMany({ where: { interviewId: id, role: 'candidate' }, data: { tokenCiphertext: null } });
    await prisma.invite.updateMany({ where: { interviewId: id, role: 'observer' }, data: { tokenCiphertext: 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    const links = (await list(owner, id)).body.links;
    expect(links.candidate).toMatchObject({ url: null, state: 'active' });
    expect(links.observer).toMatchObject({ url: null, state: 'active' });
    // Copy makes no new link behind the interviewer's back: the old one may already be in someone's inbox.
    expect((await copy(owner, id, 'candidate')).body).toMatchObject({ url: null, state: 'active' });
    expect(await prisma.invite.count({ where: { interviewId: id, role: 'candidate' } })).toBe(1);
    await acceptInvite((await signedInUser(url(), 'Oli Observer')), invites.observer);

    const fresh = await reset(owner, id, 'candidate');
    expect(fresh.body.url).toMatch(new RegExp(`^${url()}/invite/[A-Za-z0-9_-]{32}$`));
    expect((await copy(owner, id, 'candidate')).body.url).toBe(fresh.body.url);
  });
});
