/**
 * A user's settings over real HTTP: the time zone is validated against the
 * runtime's list (422 naming the field), the browser's detected zone is saved
 * only while none is set, and server-rendered pages show times in the viewer's
 * zone, naming it once. A coached session's price and paid state reach its
 * interviewers' pages and never a candidate's or an observer's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../lib/time/format';
import { HttpSession } from '../helpers/http-session';
import { acceptInvite, signedInUser, type InviteLinks, type SignedInUser } from '../helpers/interview-fixture';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';

let fixture: ServerFixture;
beforeAll(async () => {
  fixture = await serverFixture();
});
afterAll(async () => {
  await fixture?.close();
});

const user = (name: string) => signedInUser(fixture.server.url, name);
const page = async (session: HttpSession, path: string) => {
  const response = await session.fetch(path);
  expect(response.status).toBe(200);
  return response.text();
};
/** Text content between a test id's tags, with React's text separators removed. */
const testIdText = (html: string, id: string) =>
  [...html.matchAll(new RegExp(`data-testid="${id}"[^>]*>(.*?)</(?:p|span)>`, 'gs'))].map((m) => m[1]!.replace(/<!-- -->/g, '').replace(/<[^>]+>/g, ''));

const SCHEDULED = '2026-12-01T15:00:00.000Z';

async function scheduledInterview(owner: SignedInUser, extra: Record<string, unknown> = {}): Promise<{ id: string; invites: InviteLinks }> {
  const created = await owner.api('POST', '/api/interviews', {
    scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer', scheduledAt: SCHEDULED, ...extra,
  });
  expect(created.status).toBe(201);
  return created.body;
}

describe('settings API', () => {
  it('asks for a session', async () => {
    const anonymous = new HttpSession(fixture.server.url);
    expect((await anonymous.api('GET', '/api/settings')).status).toBe(401);
    expect((await anonymous.api('PATCH', '/api/settings', { timeZone: 'Europe/Berlin' })).status).toBe(401);
    expect((await anonymous.api('POST', '/api/settings/time-zone', { timeZone: 'Europe/Berlin' })).status).toBe(401);
  });

  it('starts without a zone, saves a valid one and a new name, and refuses an unknown zone with a 422 naming the field', async () => {
    const ada = await user('Ada Settings');
    expect((await ada.api('GET', '/api/settings')).body).toEqual({ name: 'Ada Settings', email: ada.email, timeZone: null });

    const saved = await ada.api('PATCH', '/api/settings', { name: 'Ada Lovelace', timeZone: 'Europe/Berlin' });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ name: 'Ada Lovelace', email: ada.email, timeZone: 'Europe/Berlin' });

    for (const bad of ['Mars/Olympus_Mons', 'Europe/Berlin; DROP', '', 'Local']) {
      const refused = await ada.api('PATCH', '/api/settings', { timeZone: bad });
      expect(refused.status, bad).toBe(422);
      expect(Object.keys(refused.body.error.fields)).toEqual(['timeZone']);
      expect(refused.body.error.message).toMatch(/^timeZone: /);
    }
    const blankName = await ada.api('PATCH', '/api/settings', { name: '   ' });
    expect(blankName.status).toBe(422);
    expect(Object.keys(blankName.body.error.fields)).toEqual(['name']);
    // Nothing refused was stored.
    expect((await ada.api('GET', '/api/settings')).body.timeZone).toBe('Europe/Berlin');
    expect((await fixture.prisma.user.findUniqueOrThrow({ where: { email: ada.email } })).name).toBe('Ada Lovelace');
  });

  it('accepts a zone a browser spells differently from the server list when Intl resolves it', async () => {
    const raj = await user('Raj Alias');
    // Browsers report Asia/Kolkata; Node's ICU lists it as Asia/Calcutta. Both name the same zone.
    const listed = Intl.supportedValuesOf('timeZone');
    const alias = listed.includes('Asia/Kolkata') ? 'Asia/Calcutta' : 'Asia/Kolkata';
    const saved = await raj.api('PATCH', '/api/settings', { timeZone: alias });
    expect(saved.status).toBe(200);
    expect(saved.body.timeZone).toBe(alias);
  });

  it('saves the detected zone only while none is set, so it never overrides a choice', async () => {
    const bo = await user('Bo Detected');
    const first = await bo.api('POST', '/api/settings/time-zone', { timeZone: 'America/New_York' });
    expect(first).toMatchObject({ status: 200, body: { timeZone: 'America/New_York', saved: true } });
    const again = await bo.api('POST', '/api/settings/time-zone', { timeZone: 'Asia/Tokyo' });
    expect(again).toMatchObject({ status: 200, body: { timeZone: 'America/New_York', saved: false } });
    expect((await bo.api('GET', '/api/settings')).body.timeZone).toBe('America/New_York');
    const bad = await bo.api('POST', '/api/settings/time-zone', { timeZone: 'Nowhere/Special' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(['timeZone']);
  });
});

describe('times in the viewer’s zone', () => {
  it('a dashboard row shows its time in UTC until a zone is set, then in that zone, and names the zone once', async () => {
    const cy = await user('Cy Zoned');
    await scheduledInterview(cy);
    let html = await page(cy, '/dashboard');
    expect(testIdText(html, 'interview-when')).toEqual(['Scheduled for 1 Dec 2026, 15:00']);
    expect(testIdText(html, 'zone-note')).toEqual(['Times in UTC · Set your time zone']);

    expect((await cy.api('PATCH', '/api/settings', { timeZone: 'America/New_York' })).status).toBe(200);
    html = await page(cy, '/dashboard');
    expect(testIdText(html, 'interview-when')).toEqual([`Scheduled for ${formatDateTime(SCHEDULED, 'America/New_York')}`]);
    expect(testIdText(html, 'interview-when')).toEqual(['Scheduled for 1 Dec 2026, 10:00']);
    expect(testIdText(html, 'zone-note')).toEqual(['Times in America/New_York · change']);
    expect(html).not.toContain(' UTC');

    // Each viewer their own zone: the candidate of the same interview, in Tokyo, sees the next day.
    const dee = await user('Dee Tokyo');
    expect((await dee.api('PATCH', '/api/settings', { timeZone: 'Asia/Tokyo' })).status).toBe(200);
    const other = await scheduledInterview(cy);
    await acceptInvite(dee, other.invites.candidate);
    expect(testIdText(await page(dee, '/dashboard'), 'interview-when')).toEqual(['Scheduled for 2 Dec 2026, 00:00']);
  });

  it('the header shows the name saved in settings, and the feedback page shows times in the zone', async () => {
    const eli = await user('Eli Before');
    const { id } = await scheduledInterview(eli);
    expect((await eli.api('PATCH', '/api/settings', { name: 'Eli After', timeZone: 'Australia/Sydney' })).status).toBe(200);
    const dashboard = await page(eli, '/dashboard');
    expect(testIdText(dashboard, 'nav-user')).toEqual(['Eli After']);
    const feedback = await page(eli, `/interviews/${id}/feedback`);
    expect(testIdText(feedback, 'interview-when')[0]).toBe('Scheduled for 2 Dec 2026, 02:00 · 45 min · Staff');
    expect(testIdText(feedback, 'zone-note')).toEqual(['Times in Australia/Sydney · change']);
  });
});

describe('price and paid state', () => {
  it('reach the interviewers of a coached session on the dashboard and the feedback page, and never the candidate or an observer', async () => {
    const coach = await user('Ines Coach');
    const { id, invites } = await scheduledInterview(coach, { mode: 'coach', priceCents: 12345 });
    const candidate = await user('Carla Candidate');
    const observer = await user('Oli Observer');
    const coInterviewer = await user('Ivo Interviewer');
    await acceptInvite(candidate, invites.candidate);
    await acceptInvite(observer, invites.observer);
    await acceptInvite(coInterviewer, invites.interviewer);

    for (const interviewer of [coach, coInterviewer]) {
      expect(testIdText(await page(interviewer, '/dashboard'), 'interview-price')).toEqual(['Price 123.45 Unpaid']);
      expect(testIdText(await page(interviewer, `/interviews/${id}/feedback`), 'interview-price')).toEqual(['Coached session · Price 123.45 Unpaid']);
    }
    // Marked by hand, by an interviewer only; a session without a price has nothing to mark.
    for (const refused of [candidate, observer]) {
      const reply = await refused.api('PUT', `/api/interviews/${id}/billing/paid`, { paid: true });
      expect(reply.status).toBe(403);
      expect(JSON.stringify(reply.body)).not.toContain('12345');
    }
    expect((await coach.api('PUT', `/api/interviews/${id}/billing/paid`, { paid: 'yes' })).status).toBe(422);
    const marked = await coInterviewer.api('PUT', `/api/interviews/${id}/billing/paid`, { paid: true });
    expect(marked).toMatchObject({ status: 200, body: { priceCents: 12345, paid: true } });
    expect((await fixture.prisma.interview.findUniqueOrThrow({ where: { id } })).paid).toBe(true);
    const peer = await scheduledInterview(coach);
    expect((await coach.api('PUT', `/api/interviews/${peer.id}/billing/paid`, { paid: true })).status).toBe(409);
    expect(testIdText(await page(coach, '/dashboard'), 'paid-state')).toEqual(['Paid']);
    expect(testIdText(await page(coach, `/interviews/${id}/feedback`), 'paid-state')).toEqual(['Paid']);

    // Not hidden but absent: neither the markup nor the inlined RSC payload carries any of it.
    for (const outsider of [candidate, observer]) {
      for (const path of ['/dashboard', `/interviews/${id}/feedback`]) {
        const html = await page(outsider, path);
        for (const needle of ['interview-price', 'paid-state', '123.45', '12345', 'priceCents', 'Unpaid', '>Paid<']) expect(html, `${path}: ${needle}`).not.toContain(needle);
      }
    }
  });
});
