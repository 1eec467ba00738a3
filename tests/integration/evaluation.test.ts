/**
 * The interviewer's evaluation against the real server and Postgres: scores,
 * summaries and ticks stamped on the session clock; notes shared live between
 * co-interviewers only; card reveals to the room; the release of exactly what
 * was chosen; clear refusals; and nothing lost across a restart.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEvent, type NoteDeletedPayload } from '../../lib/realtime/protocol';
import type { EvaluationView, NoteView, ReleasedFeedback, RevealedCard } from '../../lib/rubric/evaluation';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import type { HttpSession } from '../helpers/http-session';
import { interviewWithParties, joinThroughInvite, type InterviewParties } from '../helpers/interview-fixture';
import { collect, joinRoom, socketPool, timerCommand } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { eventually } from '../helpers/yjs-client';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const [firstDim, secondDim] = scenario.rubric.dimensions;
const card = scenario.guide.constraintCards[0]!;
const otherCard = scenario.guide.constraintCards[1]!;

let fixture: ServerFixture;
let parties: InterviewParties;
let coInterviewer: HttpSession;
const sockets = socketPool(() => fixture.server.url);

beforeAll(async () => {
  fixture = await serverFixture({ fixedPort: true });
  parties = await interviewWithParties(fixture.server.url);
  coInterviewer = await joinThroughInvite(fixture.server.url, 'Cora Co-interviewer', parties.invites.interviewer);
});
afterAll(async () => {
  sockets.closeAll();
  await fixture?.close();
});

const url = (suffix: string) => `/api/interviews/${parties.id}${suffix}`;

describe('the rubric and scoring', () => {
  it("serves the snapshot's rubric to interviewers: anchors, signals, red flags", async () => {
    const { status, body } = await parties.interviewer.api('GET', url('/rubric'));
    expect(status).toBe(200);
    expect(body.dimensions.map((d: { id: string }) => d.id)).toEqual(scenario.rubric.dimensions.map((d) => d.id));
    expect(body.dimensions[0].anchors).toEqual(firstDim!.anchors);
    expect(body.dimensions[0].signals).toEqual(scenario.rubric.signals[firstDim!.id]);
    expect(body.redFlags).toEqual(scenario.rubric.redFlags);
  });

  it('saves partial updates of scores, summaries and the wrap-up, and reads them back', async () => {
    const first = await parties.interviewer.api<EvaluationView>('PATCH', url('/evaluation'), { scores: { [firstDim!.id]: { score: 3 } } });
    expect(first.status).toBe(200);
    expect(first.body.scores[firstDim!.id]).toEqual({ score: 3, summary: '' });
    expect(first.body.rubricVersion).toBe(scenario.version);
    await parties.interviewer.api('PATCH', url('/evaluation'), { scores: { [firstDim!.id]: { summary: 'Framed the cost of a missed fraud well.' } }, levelEstimate: 'staff' });
    const { body } = await parties.interviewer.api<EvaluationView>('GET', url('/evaluation'));
    // The summary patch left the score alone.
    expect(body.scores[firstDim!.id]).toEqual({ score: 3, summary: 'Framed the cost of a missed fraud well.' });
    expect(body.scores[secondDim!.id]).toEqual({ score: null, summary: '' });
    expect(body.levelEstimate).toBe('staff');
    expect(body.recommendation).toBeNull();
  });

  it('names the field in every 422', async () => {
    const cases: [unknown, RegExp][] = [
      [{ scores: { [firstDim!.id]: { score: 5 } } }, new RegExp(`scores\\.${firstDim!.id}\\.score: expected a score from 1 to 4`)],
      [{ scores: { 'not-a-dimension': { score: 2 } } }, /scores\.not-a-dimension: "not-a-dimension" is not a dimension/],
      [{ recommendation: 'maybe' }, /recommendation: expected one of strong_no_hire/],
      [{ surprise: true }, /surprise|Unrecognized key/],
      ['{not json', /Request body must be valid JSON/],
    ];
    for (const [body, message] of cases) {
      const reply = await parties.interviewer.api('PATCH', url('/evaluation'), body);
      expect(reply.status, JSON.stringify(body)).toBe(422);
      expect(reply.body.error.message).toMatch(message);
    }
    const mark = await parties.interviewer.api('PUT', url('/evaluation/marks'), { kind: 'red_flag', index: 99, checked: true });
    expect(mark.status).toBe(422);
    expect(mark.body.error.message).toMatch(/^index: there are only \d+ red flags/);
    const signal = await parties.interviewer.api('PUT', url('/evaluation/marks'), { kind: 'signal', index: 0, checked: true });
    expect(signal.body.error.message).toMatch(/dimensionId: a signal needs its dimension id/);
  });

  it('stamps a tick with the session clock and phase, keeps the first stamp, and unticks', async () => {
    const socket = await sockets.open(parties.interviewer);
    await joinRoom(socket, parties.id);
    expect(await timerCommand(socket, parties.id, { type: 'start' })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(await timerCommand(socket, parties.id, { type: 'next' })).toMatchObject({ ok: true });

    const tick = { kind: 'signal', dimensionId: firstDim!.id, index: 0, checked: true };
    const { status, body } = await parties.interviewer.api<EvaluationView>('PUT', url('/evaluation/marks'), tick);
    expect(status).toBe(200);
    const [mark] = body.marks;
    expect(mark).toMatchObject({ kind: 'signal', dimensionId: firstDim!.id, index: 0, phaseId: 'metrics', phaseTitle: scenario.guide.phases[45][1]!.title });
    expect(mark!.sessionMs).toBeGreaterThanOrEqual(300);

    const again = await parties.interviewer.api<EvaluationView>('PUT', url('/evaluation/marks'), tick);
    expect(again.body.marks).toEqual([mark]);
    await parties.interviewer.api('PUT', url('/evaluation/marks'), { kind: 'red_flag', index: 1, checked: true });
    const unticked = await parties.interviewer.api<EvaluationView>('PUT', url('/evaluation/marks'), { ...tick, checked: false });
    expect(unticked.body.marks.map((m) => `${m.kind}:${m.index}`)).toEqual(['red_flag:1']);
    await parties.interviewer.api('PUT', url('/evaluation/marks'), tick);
  });

  it("keeps co-interviewers' evaluations apart", async () => {
    const { status, body } = await coInterviewer.api<EvaluationView>('GET', url('/evaluation'));
    expect(status).toBe(200);
    expect(body.scores[firstDim!.id]).toEqual({ score: null, summary: '' });
    expect(body.marks).toEqual([]);
    await coInterviewer.api('PATCH', url('/evaluation'), { scores: { [firstDim!.id]: { score: 1 } } });
    expect((await parties.interviewer.api<EvaluationView>('GET', url('/evaluation'))).body.scores[firstDim!.id]!.score).toBe(3);
    expect(await fixture.prisma.evaluation.count({ where: { interviewId: parties.id } })).toBe(2);
  });
});

describe('notes between co-interviewers', () => {
  it('reach the other interviewers live and never the candidate or observer', async () => {
    const [co, candidate, observer] = await Promise.all([coInterviewer, parties.candidate, parties.observer].map((s) => sockets.open(s)));
    for (const s of [co!, candidate!, observer!]) await joinRoom(s, parties.id);
    const coSeen = collect<NoteView>(co!, ServerEvent.NoteAdded);
    const leaked = [...collect(candidate!, ServerEvent.NoteAdded), ...collect(observer!, ServerEvent.NoteAdded)];
    const coDeleted = collect<NoteDeletedPayload>(co!, ServerEvent.NoteDeleted);

    const { status, body: note } = await parties.interviewer.api<NoteView>('POST', url('/notes'), { text: '  Asked for the chargeback delay early.  ' });
    expect(status).toBe(201);
    expect(note).toMatchObject({ text: 'Asked for the chargeback delay early.', authorName: 'Ines Interviewer', phaseId: 'metrics' });
    expect(note.sessionMs).toBeGreaterThan(0);
    await eventually(() => coSeen.some((n) => n.id === note.id), 'co-interviewer sees the note');

    const listed = await coInterviewer.api<{ notes: NoteView[] }>('GET', url('/notes'));
    expect(listed.body.notes.map((n) => n.text)).toContain('Asked for the chargeback delay early.');
    const notMine = await coInterviewer.api('DELETE', url(`/notes/${note.id}`));
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.message).toBe('You can only delete your own notes.');

    const scratch = await parties.interviewer.api<NoteView>('POST', url('/notes'), { text: 'typo, delete me' });
    expect((await parties.interviewer.api('DELETE', url(`/notes/${scratch.body.id}`))).status).toBe(204);
    await eventually(() => coDeleted.some((d) => d.noteId === scratch.body.id), 'co-interviewer sees the deletion');
    expect((await parties.interviewer.api('DELETE', url(`/notes/${scratch.body.id}`))).status).toBe(404);

    const empty = await parties.interviewer.api('POST', url('/notes'), { text: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toBe('text: write something first');
    // Give a stray broadcast time to arrive before declaring there was none.
    await new Promise((r) => setTimeout(r, 200));
    expect(leaked).toEqual([]);
  });
});

describe('constraint cards', () => {
  it('are revealed to the whole room, stamped, and only revealed ones are listed', async () => {
    const candidate = await sockets.open(parties.candidate);
    await joinRoom(candidate, parties.id);
    const seen = collect<{ interviewId: string; card: RevealedCard }>(candidate, ServerEvent.CardRevealed);
    expect((await parties.candidate.api('GET', url('/cards'))).body).toEqual({ cards: [] });

    const { status, body } = await parties.interviewer.api<RevealedCard>('POST', url(`/cards/${card.id}/reveal`));
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: card.id, title: card.title, prompt: card.prompt, phaseId: 'metrics' });
    await eventually(() => seen.some((e) => e.card.id === card.id && e.card.prompt === card.prompt), 'candidate receives the card');

    const listed = await parties.candidate.api<{ cards: RevealedCard[] }>('GET', url('/cards'));
    expect(listed.body.cards.map((c) => c.id)).toEqual([card.id]);
    expect(JSON.stringify(listed.body)).not.toContain(otherCard.prompt);

    const twice = await parties.interviewer.api('POST', url(`/cards/${card.id}/reveal`));
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(`"${card.title}" has already been revealed.`);
    const unknown = await parties.interviewer.api('POST', url('/cards/no-such-card/reveal'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/No constraint card "no-such-card"/);
  });
});

describe('refusals', () => {
  const writes: [string, string, unknown][] = [
    ['PATCH', '/evaluation', { scores: {} }],
    ['PUT', '/evaluation/marks', { kind: 'red_flag', index: 0, checked: true }],
    ['POST', '/notes', { text: 'sneaky' }],
    ['POST', `/cards/${otherCard.id}/reveal`, undefined],
    ['GET', '/rubric', undefined],
    ['GET', '/evaluation', undefined],
    ['GET', '/notes', undefined],
  ];

  it('answers candidates and observers with 403 and a clear message, and changes nothing', async () => {
    for (const who of [parties.candidate, parties.observer]) {
      for (const [method, suffix, body] of writes) {
        const reply = await who.api(method, url(suffix), body);
        expect(reply.status, `${method} ${suffix}`).toBe(403);
        expect(reply.body.error.message).toMatch(/^Only interviewers can/);
      }
    }
    expect(await fixture.prisma.cardReveal.count({ where: { interviewId: parties.id, cardId: otherCard.id } })).toBe(0);
    expect(await fixture.prisma.note.count({ where: { text: 'sneaky' } })).toBe(0);
  });

  it('answers unknown interviews with 404', async () => {
    for (const [method, suffix, body] of writes) {
      const reply = await parties.interviewer.api(method, `/api/interviews/no-such-interview${suffix}`, body);
      expect(reply.status, `${method} ${suffix}`).toBe(404);
      expect(reply.body.error.message).toBe('No interview with that id.');
    }
  });
});

describe('wrap-up and release', () => {
  it('can only release after the end, with feedback written, and releases exactly what was chosen', async () => {
    const early = await parties.interviewer.api('POST', url('/feedback/release'), { include: { scores: false, summaries: false, recommendation: false, levelEstimate: false } });
    expect(early.status).toBe(403);
    expect(early.body.error.message).toMatch(/only after the interview has ended/);
    expect((await parties.interviewer.api('POST', url('/end'))).status).toBe(200);

    const candidate = await sockets.open(parties.candidate);
    await joinRoom(candidate, parties.id);
    const released = collect(candidate, ServerEvent.FeedbackReleased);

    const include = { scores: true, summaries: false, recommendation: false, levelEstimate: true };
    const noFeedback = await parties.interviewer.api('POST', url('/feedback/release'), { include });
    expect(noFeedback.status).toBe(422);
    expect(noFeedback.body.error.message).toBe('candidateFeedback: write the feedback the candidate will read before releasing');

    await parties.interviewer.api('PATCH', url('/evaluation'), { candidateFeedback: 'Strong framing; go deeper on serving latency.', recommendation: 'hire' });
    const unscored = await parties.interviewer.api('POST', url('/feedback/release'), { include });
    expect(unscored.status).toBe(422);
    expect(unscored.body.error.message).toMatch(/^scores: score every dimension first \(missing: /);

    const all = Object.fromEntries(scenario.rubric.dimensions.map((d, i) => [d.id, { score: (i % 4) + 1, summary: `private summary ${i}` }]));
    await parties.interviewer.api('PATCH', url('/evaluation'), { scores: all });
    expect((await parties.observer.api('POST', url('/feedback/release'), { include })).status).toBe(403);
    const { status, body } = await parties.interviewer.api<ReleasedFeedback>('POST', url('/feedback/release'), { include });
    expect(status).toBe(201);
    await eventually(() => released.length === 1, 'candidate told about the release');

    const read = await parties.candidate.api<{ released: ReleasedFeedback[] }>('GET', url('/feedback'));
    expect(read.status).toBe(200);
    expect(read.body.released).toEqual([body]);
    const [feedback] = read.body.released;
    expect(feedback!.feedback).toBe('Strong framing; go deeper on serving latency.');
    expect(feedback!.levelEstimate).toBe('staff');
    expect(feedback).not.toHaveProperty('recommendation');
    expect(feedback!.dimensions!.map((d) => d.score)).toEqual(scenario.rubric.dimensions.map((_, i) => (i % 4) + 1));
    // Summaries were not chosen, so no trace of them (or of notes) goes out.
    expect(JSON.stringify(read.body)).not.toMatch(/private summary|chargeback delay|summary/);

    const locked = await parties.interviewer.api('PATCH', url('/evaluation'), { candidateFeedback: 'changed my mind' });
    expect(locked.status).toBe(409);
    expect((await parties.interviewer.api('POST', url('/feedback/release'), { include })).status).toBe(409);
    expect((await parties.observer.api('GET', url('/feedback'))).status).toBe(403);
  });
});

describe('durability', () => {
  it('loses nothing typed across a server restart', async () => {
    const before = {
      mine: (await parties.interviewer.api('GET', url('/evaluation'))).body,
      theirs: (await coInterviewer.api('GET', url('/evaluation'))).body,
      notes: (await parties.interviewer.api('GET', url('/notes'))).body,
      cards: (await parties.candidate.api('GET', url('/cards'))).body,
      feedback: (await parties.candidate.api('GET', url('/feedback'))).body,
    };
    expect(before.mine.marks.length).toBeGreaterThan(0);
    expect(await fixture.server.stop()).toBe(0);
    await fixture.restart();
    expect((await parties.interviewer.api('GET', url('/evaluation'))).body).toEqual(before.mine);
    expect((await coInterviewer.api('GET', url('/evaluation'))).body).toEqual(before.theirs);
    expect((await parties.interviewer.api('GET', url('/notes'))).body).toEqual(before.notes);
    expect((await parties.candidate.api('GET', url('/cards'))).body).toEqual(before.cards);
    expect((await parties.candidate.api('GET', url('/feedback'))).body).toEqual(before.feedback);
  });
});
