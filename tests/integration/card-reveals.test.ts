/**
 * A revealed card reaches the room as its title and candidate-facing prompt,
 * stamped; the interviewer's follow-up stays in the guide. Checked on the
 * socket.io broadcast (every event any room member receives), on the reveal
 * and list APIs, and on the guide API; plus interviews created before cards
 * were split (v1 snapshots with one `text` per card) keep revealing and
 * listing their cards.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEvent } from '../../lib/realtime/protocol';
import type { RevealedCard } from '../../lib/rubric/evaluation';
import type { Guide } from '../../lib/api/guide';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { interviewWithParties, type InterviewParties } from '../helpers/interview-fixture';
import { collect, joinRoom, socketPool, untyped, type TestSocket } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { eventually } from '../helpers/yjs-client';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const [card, otherCard, thirdCard] = scenario.guide.constraintCards as [typeof scenario.guide.constraintCards[number], typeof scenario.guide.constraintCards[number], typeof scenario.guide.constraintCards[number]];
/** Exactly the fields a played card carries, for everyone in the room. */
const PUBLIC_FIELDS = ['id', 'phaseId', 'phaseTitle', 'prompt', 'revealedAt', 'sessionMs', 'title'];

let fixture: ServerFixture;
let parties: InterviewParties;
const sockets = socketPool(() => fixture.server.url);

beforeAll(async () => {
  fixture = await serverFixture();
  parties = await interviewWithParties(fixture.server.url);
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

const url = (id: string, suffix: string) => `/api/interviews/${id}${suffix}`;

/** Every event and payload a socket receives from now on, serialised as it came off the wire. */
function recordAll(socket: TestSocket): string[] {
  const frames: string[] = [];
  untyped(socket).onAny((event: string, ...args: unknown[]) => frames.push(JSON.stringify([event, ...args])));
  return frames;
}

describe('a reveal sends the prompt to the room and keeps the follow-up with interviewers', () => {
  let candidateFrames: string[];
  let seen: { role: string; events: { interviewId: string; card: RevealedCard }[] }[];
  let revealed: RevealedCard;

  beforeAll(async () => {
    const members = { candidate: parties.candidate, observer: parties.observer, interviewer: parties.interviewer };
    seen = [];
    for (const [role, session] of Object.entries(members)) {
      const socket = await sockets.open(session);
      if (role === 'candidate') candidateFrames = recordAll(socket);
      await joinRoom(socket, parties.id);
      seen.push({ role, events: collect(socket, ServerEvent.CardRevealed) });
    }
    const reply = await parties.interviewer.api<RevealedCard>('POST', url(parties.id, `/cards/${card.id}/reveal`));
    expect(reply.status).toBe(201);
    revealed = reply.body;
    await eventually(() => seen.every((s) => s.events.length === 1), 'every member receives the reveal');
  });

  it('the reveal API answers with the public fields only', () => {
    expect(Object.keys(revealed).sort()).toEqual(PUBLIC_FIELDS);
    expect(revealed).toMatchObject({ id: card.id, title: card.title, prompt: card.prompt });
  });

  it('every socket in the room, the interviewer’s included, gets the same public card: no follow-up', () => {
    for (const { role, events } of seen) {
      expect(Object.keys(events[0]!.card).sort(), role).toEqual(PUBLIC_FIELDS);
      expect(events[0]!.card, role).toEqual(revealed);
      expect(JSON.stringify(events), role).not.toContain(card.followUp);
    }
  });

  it("nothing the candidate's socket received carries any follow-up, or an unrevealed card", () => {
    const wire = candidateFrames.join('\n');
    expect(wire).toContain(card.prompt);
    expect(wire).not.toMatch(/followUp/i);
    for (const c of scenario.guide.constraintCards) expect(wire).not.toContain(c.followUp);
    for (const c of [otherCard, thirdCard]) expect(wire).not.toContain(c.prompt);
  });

  it('the list API gives candidates and observers the played card without its follow-up', async () => {
    for (const who of [parties.candidate, parties.observer]) {
      const listed = await who.api<{ cards: RevealedCard[] }>('GET', url(parties.id, '/cards'));
      expect(listed.status).toBe(200);
      expect(listed.body.cards).toEqual([revealed]);
      const json = JSON.stringify(listed.body);
      expect(json).not.toMatch(/followUp/i);
      for (const c of scenario.guide.constraintCards) expect(json).not.toContain(c.followUp);
      expect(json).not.toContain(otherCard.prompt);
    }
  });

  it('the follow-up lives in the guide, which interviewers read and candidates cannot', async () => {
    const guide = await parties.interviewer.api<Guide>('GET', url(parties.id, '/guide'));
    expect(guide.status).toBe(200);
    expect(guide.body.constraintCards).toEqual(scenario.guide.constraintCards.map(({ id, title, prompt, followUp, phase }) => ({ id, title, prompt, followUp, phase })));
    const refused = await parties.candidate.api('GET', url(parties.id, '/guide'));
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(card.followUp);
  });
});

describe('interviews created before cards had a follow-up (v1 snapshots)', () => {
  let legacy: InterviewParties;
  const oldText = (id: string) => `Before the split, card ${id} read like this to the whole room.`;

  beforeAll(async () => {
    legacy = await interviewWithParties(fixture.server.url);
    // Rewrite the stored snapshot as the old code wrote it: no version, one `text` per card.
    const row = await fixture.prisma.interview.findUniqueOrThrow({ where: { id: legacy.id }, select: { scenarioSnapshot: true } });
    const { v: _v, ...snapshot } = row.scenarioSnapshot as { v: number; guide: { constraintCards: { id: string; title: string; phase: string }[] } };
    snapshot.guide.constraintCards = snapshot.guide.constraintCards.map(({ id, title, phase }) => ({ id, title, text: oldText(id), phase }));
    await fixture.prisma.interview.update({ where: { id: legacy.id }, data: { scenarioSnapshot: snapshot } });
    // And one reveal row stored before the change.
    await fixture.prisma.cardReveal.create({
      data: { interviewId: legacy.id, cardId: card.id, revealedById: (await fixture.prisma.user.findFirstOrThrow({ where: { email: legacy.interviewer.email } })).id, sessionMs: 61_000, phaseId: 'data' },
    });
  });

  it('lists the old reveal with its old text as the prompt', async () => {
    const listed = await legacy.candidate.api<{ cards: RevealedCard[] }>('GET', url(legacy.id, '/cards'));
    expect(listed.status).toBe(200);
    expect(listed.body.cards).toEqual([expect.objectContaining({ id: card.id, title: card.title, prompt: oldText(card.id), sessionMs: 61_000, phaseId: 'data' })]);
    expect(Object.keys(listed.body.cards[0]!).sort()).toEqual(PUBLIC_FIELDS);
  });

  it('reveals another card the same way, and the guide shows an empty follow-up', async () => {
    const reply = await legacy.interviewer.api<RevealedCard>('POST', url(legacy.id, `/cards/${otherCard.id}/reveal`));
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ id: otherCard.id, prompt: oldText(otherCard.id) });
    const guide = await legacy.interviewer.api<Guide>('GET', url(legacy.id, '/guide'));
    expect(guide.body.constraintCards.map((c) => [c.prompt, c.followUp])).toEqual(scenario.guide.constraintCards.map((c) => [oldText(c.id), '']));
  });
});
