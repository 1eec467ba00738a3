/** The wrappers' last step: what a handler returns is checked against the contract, and only the contract's fields leave. */
import { describe, expect, it } from 'vitest';
import { deleteNote } from '../../lib/api/notes';
import { mediaToken } from '../../lib/api/media';
import { Reply, toResponse } from '../../server/routes/api-route';
import { routeTagOf, tagRoute } from '../../server/routes/registry';

const token = { url: 'ws://lk', token: 'jwt', expiresAt: '2026-01-01T10:00:00.000Z' };

describe('toResponse', () => {
  it("sends the parsed data with the contract's status, dropping fields the contract does not name", async () => {
    const response = toResponse(mediaToken, { ...token, apiSecret: 'never-leaves' } as typeof token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(token);
  });

  it('lets a handler choose the status and headers, and still checks the data', async () => {
    const response = toResponse(mediaToken, new Reply(token, { status: 203, headers: { 'x-why': 'test' } }));
    expect(response.status).toBe(203);
    expect(response.headers.get('x-why')).toBe('test');
    expect(() => toResponse(mediaToken, new Reply({ ...token, expiresAt: 'soon' }))).toThrow(/POST \/api\/interviews\/:id\/media\/token does not match its contract/);
  });

  it('refuses data that breaks the contract, as our bug rather than the caller\'s', () => {
    expect(() => toResponse(mediaToken, { url: 'ws://lk' } as typeof token)).toThrow(/does not match its contract/);
  });

  it('answers 204 with no body for a route without a response schema', async () => {
    const response = toResponse(deleteNote, null);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});

describe('the route registry tag', () => {
  it('is readable from the handler but not an enumerable property', () => {
    const handler = tagRoute(async () => new Response(null), { contract: deleteNote, action: 'notes.delete' });
    expect(routeTagOf(handler)).toEqual({ contract: deleteNote, action: 'notes.delete' });
    expect(Object.keys(handler)).toEqual([]);
    expect(routeTagOf(async () => new Response(null))).toBeUndefined();
  });
});

describe('memberRoute', () => {
  it('is the lean wrapper for routes that never need the scenario, and refuses a guide action, whose hold-back does', async () => {
    const { memberRoute } = await import('../../server/routes/interview-route');
    const { readRecording } = await import('../../lib/api/recording');
    const { readGuide } = await import('../../lib/api/guide');
    expect(routeTagOf(memberRoute(readRecording, 'recording.status', async () => ({}) as never))).toMatchObject({ action: 'recording.status' });
    expect(() => memberRoute(readGuide, 'guide.read', async () => ({}) as never)).toThrow(/needs the scenario hold-back/);
  });
});
