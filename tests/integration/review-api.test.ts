/**
 * The session review's API (issue 14) on the wire, against the real server
 * and Postgres, for an interview driven for real: the timer over socket.io,
 * the board through the real y-websocket client, a played card, notes,
 * ticks, a score changed, the end. The interviewer sees all of it on one
 * axis and can replay the board from its segments; the candidate sees only
 * what a release gave them, and nothing interviewer-only ever reaches their
 * answer; everyone else is turned away with the policy's words.
 */
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkerKind, Review } from '../../lib/api/review';
import { decodeSegment } from '../../lib/review/segment-codec';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { HttpSession } from '../helpers/http-session';
import { interviewWithParties, signedInUser, type InterviewParties, type SignedInUser } from '../helpers/interview-fixture';
import { joinRoom, socketPool, timerCommand } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { boardClient, type BoardClient } from '../helpers/yjs-client';

const scenario = loadScenarioLibrary(path.resolve(import.meta.dirname, '../../scenarios')).get('payment-fraud-detection')!;
const agenda = scenario.guide.phases[45];
const [card, ...unrevealedCards] = scenario.guide.constraintCards;
const dimension = scenario.rubric.dimensions[0]!;
const signalText = scenario.rubric.signals[dimension.id]![0]!;
const redFlagText = scenario.rubric.redFlags[0]!;
const NOTES = ['Framed the cost of a false decline before any model talk.', 'Went quiet on the latency budget; probe serving next time.'];

let fixture: ServerFixture;
let main: InterviewParties;
let outsider: SignedInUser;
const sockets = socketPool(() => fixture.server.url);
const boards: BoardClient[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reviewUrl = (id: string, suffix = '') => `/api/interviews/${id}/review${suffix}`;

/** The board as Postgres has it, replayed from its update log. */
async function storedKeys(interviewId: string): Promise<string[]> {
  const doc = new Y.Doc();
  for (const row of await fixture.prisma.boardUpdate.findMany({ where: { interviewId }, orderBy: { id: 'asc' } })) Y.applyUpdate(doc, row.update);
  return [...doc.getMap('elements').keys()];
}

/** Waits until an element drawn on the board has reached Postgres (the log is written in batches). */
async function stored(interviewId: string, key: string): Promise<void> {
  const started = Date.now();
  while (!(await storedKeys(interviewId)).includes(key)) {
    if (Date.now() - started > 5_000) throw new Error(`"${key}" never reached the store`);
    await sleep(25);
  }
}

const element = (id: string, index: string) => ({ id, type: 'rectangle', version: 1, versionNonce: 1, isDeleted: false, index, x: 10, y: 20, width: 30, height: 40 });

async function openBoard(parties: InterviewParties): Promise<BoardClient> {
  const client = boardClient(fixture.server.url, parties.id, parties.interviewer.cookieHeader());
  boards.push(client);
  await client.synced();
  return client;
}

async function ok<T>(reply: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const { status: got, body } = await reply;
  expect(got, JSON.stringify(body)).toBe(status);
  return body;
}

/** Applies a segment's checkpoint, then its updates up to `atMs` on the axis: the board as the page would show it. */
function replayKeys(bytes: Uint8Array, atMs: number): string[] {
  const segment = decodeSegment(bytes);
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, segment.checkpoint);
  segment.updates.forEach((update, i) => {
    if (segment.times[i]! <= atMs) Y.applyUpdate(doc, update);
  });
  const keys = [...doc.getMap('elements').keys()].sort();
  doc.destroy();
  return keys;
}

async function segment(who: HttpSession, id: string, index: number | string): Promise<Response> {
  return who.fetch(reviewUrl(id, `/board/${index}`));
}

/** Wall-clock moments the test saw, to place things on the axis afterwards. */
const moments = { firstStored: 0, between: 0 };
let early: { interviewer: { status: number; body: any }; candidate: { status: number; body: any } };

beforeAll(async () => {
  fixture = await serverFixture();
  main = await interviewWithParties(fixture.server.url);
  outsider = await signedInUser(fixture.server.url, 'Otto Outsider');
  const api = main.interviewer.api.bind(main.interviewer);
  const url = (suffix: string) => `/api/interviews/${main.id}${suffix}`;

  const socket = await sockets.open(main.interviewer);
  await joinRoom(socket, main.id);
  expect(await timerCommand(socket, main.id, { type: 'start' })).toMatchObject({ ok: true });
  const board = await openBoard(main);
  board.elements.set('first', element('first', 'a0'));
  await stored(main.id, 'first');
  moments.firstStored = Date.now();
  expect(await timerCommand(socket, main.id, { type: 'pause' })).toMatchObject({ ok: true });
  await sleep(60);
  expect(await timerCommand(socket, main.id, { type: 'resume' })).toMatchObject({ ok: true });
  await sleep(30);
  moments.between = Date.now();
  await sleep(30);
  expect(await timerCommand(socket, main.id, { type: 'next' })).toMatchObject({ ok: true });
  board.elements.set('second', element('second', 'a1'));
  await stored(main.id, 'second');

  // Apart by a few ms each, so their order on the axis is the order they happened in.
  await ok(api('POST', url(`/cards/${card!.id}/reveal`)), 201);
  for (const text of NOTES) {
    await sleep(5);
    await ok(api('POST', url('/notes'), { text }), 201);
  }
  await sleep(5);
  await ok(api('PUT', url('/evaluation/marks'), { kind: 'signal', dimensionId: dimension.id, index: 0, checked: true }));
  await sleep(5);
  await ok(api('PUT', url('/evaluation/marks'), { kind: 'red_flag', index: 0, checked: true }));
  await sleep(5);
  await ok(api('PATCH', url('/evaluation'), { scores: { [dimension.id]: { score: 2 } } }));
  await sleep(5);
  await ok(api('PATCH', url('/evaluation'), { scores: { [dimension.id]: { score: 3 } } }));
  socket.close();

  early = { interviewer: await api('GET', reviewUrl(main.id)), candidate: await main.candidate.api('GET', reviewUrl(main.id)) };
  await sleep(20);
  await ok(api('POST', url('/end')));
});
afterAll(async () => {
  sockets.closeAll();
  for (const b of boards) b.destroy();
  await fixture?.close();
});

describe("the interviewer's review", () => {
  let review: Review;
  beforeAll(async () => {
    review = await ok(main.interviewer.api<Review>('GET', reviewUrl(main.id)));
  });

  it('runs one axis from the first timer start to the end, for a member with the full scope', async () => {
    expect(review.viewer).toEqual({ scope: { replay: true, phases: true, scores: true, interviewerOnly: true }, via: 'member', sharedBy: null });
    const ended = await fixture.prisma.interview.findUniqueOrThrow({ where: { id: main.id } });
    expect(review.interview).toMatchObject({ id: main.id, title: scenario.title, level: 'staff', durationMinutes: 45, endedAt: ended.endedAt!.toISOString() });
    const firstStart = await fixture.prisma.timerEvent.findFirstOrThrow({ where: { interviewId: main.id }, orderBy: { seq: 'asc' } });
    expect(review.axis).toEqual({ startedAt: firstStart.at.toISOString(), durationMs: ended.endedAt!.getTime() - firstStart.at.getTime(), timed: true });
  });

  it('has a band per phase of the agenda, with the pause kept on the axis and left out of the time spent', () => {
    expect(review.phases.map((p) => [p.id, p.title, p.plannedMs])).toEqual(agenda.map((p) => [p.id, p.title, p.minutes * 60_000]));
    const [first, second, ...rest] = review.phases;
    expect(first!.spans.map((s) => s.paused)).toEqual([false, true, false]);
    expect(first!.spans[0]!.fromMs).toBe(0);
    for (let i = 1; i < first!.spans.length; i++) expect(first!.spans[i]!.fromMs).toBe(first!.spans[i - 1]!.toMs);
    const paused = first!.spans[1]!;
    expect(paused.toMs - paused.fromMs).toBeGreaterThanOrEqual(55);
    expect(first!.actualMs).toBe(first!.spans.filter((s) => !s.paused).reduce((sum, s) => sum + s.toMs - s.fromMs, 0));
    // The second phase runs from "next" to the end.
    expect(second!.spans).toEqual([{ fromMs: first!.spans[2]!.toMs, toMs: review.axis.durationMs, paused: false }]);
    expect(second!.actualMs).toBe(review.axis.durationMs - first!.spans[2]!.toMs);
    for (const phase of rest) expect(phase).toMatchObject({ actualMs: 0, spans: [] });
  });

  it('places a marker of every kind on the axis, in the order things happened', () => {
    const { markers } = review;
    expect(markers.map((m) => m.kind)).toEqual(['card', 'note', 'note', 'signal', 'red_flag', 'score', 'score'] satisfies MarkerKind[]);
    for (const m of markers) {
      expect(m.atMs, m.id).toBeGreaterThanOrEqual(0);
      expect(m.atMs, m.id).toBeLessThanOrEqual(review.axis.durationMs);
    }
    for (let i = 1; i < markers.length; i++) expect(markers[i]!.atMs).toBeGreaterThan(markers[i - 1]!.atMs);
    const text = (kind: MarkerKind) => markers.filter((m) => m.kind === kind).map((m) => m.text);
    expect(text('card')).toEqual([`${card!.title}: ${card!.prompt}`]);
    expect(text('note')).toEqual(NOTES);
    expect(text('signal')).toEqual([`${dimension.title}: ${signalText}`]);
    expect(text('red_flag')).toEqual([redFlagText]);
    expect(text('score')).toEqual([`${dimension.title}: 2 of 4`, `${dimension.title}: 3 of 4`]);
    // All of it happened in the second phase, after "next".
    const secondPhase = agenda[1]!.title;
    expect(markers.filter((m) => m.kind !== 'score').map((m) => m.phaseTitle)).toEqual(Array(5).fill(secondPhase));
    expect(markers.filter((m) => m.kind !== 'card').every((m) => m.by === 'Ines Interviewer')).toBe(true);
  });

  it('shows the interviewer panel: the evaluation in full and the notes on the axis', () => {
    expect(review.panel.kind).toBe('interviewer');
    if (review.panel.kind !== 'interviewer') return;
    expect(review.panel.notes.map((n) => [n.text, n.authorName])).toEqual(NOTES.map((t) => [t, 'Ines Interviewer']));
    expect(review.panel.notes.map((n) => n.atMs)).toEqual(review.markers.filter((m) => m.kind === 'note').map((m) => m.atMs));
    const [evaluation] = review.panel.evaluations;
    expect(evaluation).toMatchObject({ evaluatorName: 'Ines Interviewer', releasedAt: null });
    expect(evaluation!.scores.find((s) => s.dimensionId === dimension.id)).toEqual({ dimensionId: dimension.id, title: dimension.title, score: 3 });
  });

  it('says what is missing and why: no one pressed Record', () => {
    expect(review.recordings).toEqual([]);
    expect(review.missing).toEqual([{ part: 'recording', reason: 'Not recorded: no one pressed Record in this session.' }]);
  });

  it('describes the board track: segments that cover every update, and who drew', () => {
    const board = review.board!;
    expect(board).not.toBeNull();
    expect(board.updates).toBeGreaterThanOrEqual(2);
    expect(board.segments.map((s) => s.index)).toEqual(board.segments.map((_, i) => i));
    expect(board.segments.reduce((sum, s) => sum + s.count, 0)).toBe(board.updates);
    expect(board.activity.people.map((p) => p.name)).toEqual(['Ines Interviewer']);
    expect(board.activity.people[0]!.buckets.reduce((a, b) => a + b)).toBe(board.updates);
  });

  it('replays the board from its segments: the element drawn before a moment is there, the one drawn after is not', async () => {
    const origin = Date.parse(review.axis.startedAt);
    const before = moments.firstStored - origin;
    const between = moments.between - origin;
    expect(between).toBeGreaterThan(before);
    const segments: Uint8Array[] = [];
    for (const { index } of review.board!.segments) {
      const response = await segment(main.interviewer, main.id, index);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('cache-control')).toBe('private, max-age=3600');
      segments.push(new Uint8Array(await response.arrayBuffer()));
    }
    // One segment holds this short board (a segment is 500 updates).
    expect(segments).toHaveLength(1);
    expect(decodeSegment(segments[0]!).updates).toHaveLength(review.board!.updates);
    expect(replayKeys(segments[0]!, -1)).toEqual([]);
    expect(replayKeys(segments[0]!, before)).toEqual(['first']);
    expect(replayKeys(segments[0]!, between)).toEqual(['first']);
    expect(replayKeys(segments[0]!, review.axis.durationMs)).toEqual(['first', 'second']);
  });

  it('answers a segment past the last with 404 and a segment that is not a number with 400', async () => {
    const past = await main.interviewer.api('GET', reviewUrl(main.id, `/board/${review.board!.segments.length}`));
    expect(past.status).toBe(404);
    expect(past.body.error.message).toBe(`This board has 1 replay segment; there is no segment ${review.board!.segments.length}.`);
    for (const bad of ['abc', '-1', '1.5']) {
      const reply = await main.interviewer.api('GET', reviewUrl(main.id, `/board/${bad}`));
      expect(reply.status, bad).toBe(400);
      expect(reply.body.error.message).toBe(`"${bad}" is not a segment number.`);
    }
    const media = await main.interviewer.api('GET', reviewUrl(main.id, '/media/no-such-recording'));
    expect(media.status).toBe(404);
    expect(media.body.error.message).toBe('No such recording in this interview.');
  });
});

describe('refusals', () => {
  it('answers 409 before the end, with the reason, to the interviewer and the candidate alike', () => {
    for (const reply of [early.interviewer, early.candidate]) {
      expect(reply.status).toBe(409);
      expect(reply.body.error).toEqual({ code: 'conflict', message: 'The review opens when the interview has ended.' });
    }
  });

  it('answers the candidate 403 until a release', async () => {
    for (const suffix of ['', '/board/0', '/media/anything']) {
      const reply = await main.candidate.api('GET', reviewUrl(main.id, suffix));
      expect(reply.status, suffix).toBe(403);
      expect(reply.body.error.message).toBe('The review opens to you once your interviewer releases the feedback.');
    }
  });

  it('turns away observers and outsiders (403), anonymous callers (401), bad ids (400) and unknown ones (404)', async () => {
    const observer = await main.observer.api('GET', reviewUrl(main.id));
    expect(observer.status).toBe(403);
    expect(observer.body.error.message).toBe('Observers do not see the review; the interviewer can share it with you.');
    for (const suffix of ['', '/board/0']) {
      const reply = await outsider.api('GET', reviewUrl(main.id, suffix));
      expect(reply.status).toBe(403);
      expect(reply.body.error.message).toBe('You are not a participant in this interview.');
    }
    for (const suffix of ['', '/board/0', '/media/x']) expect((await new HttpSession(fixture.server.url).api('GET', reviewUrl(main.id, suffix))).status).toBe(401);
    const bad = await main.interviewer.api('GET', reviewUrl('x'.repeat(65)));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Not a valid interview id.');
    const unknown = await main.interviewer.api('GET', reviewUrl('no-such-interview'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No interview with that id.');
  });

  it('marks every answer private', async () => {
    for (const who of [main.interviewer, main.candidate, outsider]) expect((await who.fetch(reviewUrl(main.id))).headers.get('cache-control')).toBe('private, no-store');
  });
});

/** Every text the candidate must never receive from this interview: what the interviewer keeps to themselves. */
function interviewerOnlyTexts(): string[] {
  const texts = [
    ...NOTES,
    ...scenario.rubric.redFlags,
    ...Object.values(scenario.rubric.signals).flat(),
    ...Object.values(scenario.guide.probes).flat(),
    ...unrevealedCards.flatMap((c) => [c.prompt, c.followUp]),
    // The played card's prompt is the candidate's; its follow-up stays in the guide.
    card!.followUp,
  ];
  expect(texts.length).toBeGreaterThan(30);
  return texts;
}

describe("the candidate's review after a release without scores or the recording", () => {
  let raw: string;
  let review: Review;
  beforeAll(async () => {
    await ok(main.interviewer.api('PATCH', `/api/interviews/${main.id}/evaluation`, { candidateFeedback: 'Clear framing of error costs; go deeper on serving.' }));
    await ok(
      main.interviewer.api('POST', `/api/interviews/${main.id}/feedback/release`, {
        include: { scores: false, summaries: false, recommendation: false, levelEstimate: false, recording: false },
      }),
      201,
    );
    const response = await main.candidate.fetch(reviewUrl(main.id));
    expect(response.status).toBe(200);
    raw = await response.text();
    review = JSON.parse(raw) as Review;
  });

  it('has the phases and the played card, and no replay, recordings, scores or interviewer-only parts', () => {
    expect(review.viewer).toEqual({ scope: { replay: false, phases: true, scores: false, interviewerOnly: false }, via: 'member', sharedBy: null });
    expect(review.board).toBeNull();
    expect(review.recordings).toEqual([]);
    expect(review.phases.map((p) => p.id)).toEqual(agenda.map((p) => p.id));
    expect(review.markers.map((m) => m.kind)).toEqual(['card']);
    expect(review.markers[0]!.text).toBe(`${card!.title}: ${card!.prompt}`);
    const reason = 'The board replay and the recordings were not released to you.';
    expect(review.missing).toEqual([{ part: 'board', reason }, { part: 'recording', reason }]);
    expect(review.panel.kind).toBe('released');
    if (review.panel.kind !== 'released') return;
    expect(review.panel.cards.map((c) => c.id)).toEqual([card!.id]);
    expect(review.panel.releases).toEqual([expect.objectContaining({ evaluatorName: 'Ines Interviewer', feedback: 'Clear framing of error costs; go deeper on serving.' })]);
    expect(review.panel.releases[0]).not.toHaveProperty('dimensions');
  });

  it('holds no interviewer-only text anywhere in the answer', () => {
    // The check can see: what was released is there.
    expect(raw).toContain(card!.prompt);
    expect(raw).toContain('Clear framing of error costs');
    for (const text of interviewerOnlyTexts()) expect(raw.includes(text), text).toBe(false);
    expect(raw).not.toMatch(/"kind":"(note|red_flag|score|signal)"/);
  });

  it('refuses the board segments and the recordings (403)', async () => {
    for (const suffix of ['/board/0', '/board/abc', '/media/no-such-recording']) {
      const reply = await main.candidate.api('GET', reviewUrl(main.id, suffix));
      expect(reply.status, suffix).toBe(403);
      expect(reply.body.error.message).toBe('The board replay and the recordings were not released to you.');
    }
  });

  it('still turns the observer away after the release', async () => {
    expect((await main.observer.api('GET', reviewUrl(main.id))).status).toBe(403);
  });
});

describe("the candidate's review after a release with scores and the recording", () => {
  let other: InterviewParties;
  let review: Review;
  let raw: string;
  const otherNote = 'Skipped label delay entirely; flag for the debrief.';
  beforeAll(async () => {
    other = await interviewWithParties(fixture.server.url);
    const url = (suffix: string) => `/api/interviews/${other.id}${suffix}`;
    const api = other.interviewer.api.bind(other.interviewer);
    const socket = await sockets.open(other.interviewer);
    await joinRoom(socket, other.id);
    expect(await timerCommand(socket, other.id, { type: 'start' })).toMatchObject({ ok: true });
    socket.close();
    const board = await openBoard(other);
    board.elements.set('drawn', element('drawn', 'a0'));
    await stored(other.id, 'drawn');
    await ok(api('PUT', url('/evaluation/marks'), { kind: 'signal', dimensionId: dimension.id, index: 0, checked: true }));
    await ok(api('PUT', url('/evaluation/marks'), { kind: 'red_flag', index: 0, checked: true }));
    await ok(api('POST', url('/notes'), { text: otherNote }), 201);
    const scores = Object.fromEntries(scenario.rubric.dimensions.map((d) => [d.id, { score: 2 }]));
    await ok(api('PATCH', url('/evaluation'), { scores, candidateFeedback: 'Solid; tighten the rollout plan.' }));
    await ok(api('PATCH', url('/evaluation'), { scores: { [dimension.id]: { score: 4 } } }));
    await ok(api('POST', url('/end')));
    await ok(api('POST', url('/feedback/release'), { include: { scores: true, summaries: false, recommendation: false, levelEstimate: false, recording: true } }), 201);
    const response = await other.candidate.fetch(reviewUrl(other.id));
    expect(response.status).toBe(200);
    raw = await response.text();
    review = JSON.parse(raw) as Review;
  });

  it('has the released signals, and still no red flags, notes or score changes', () => {
    expect(review.viewer.scope).toEqual({ replay: true, phases: true, scores: true, interviewerOnly: false });
    expect(review.markers.map((m) => [m.kind, m.text])).toEqual([['signal', `${dimension.title}: ${signalText}`]]);
    for (const text of [otherNote, ...scenario.rubric.redFlags]) expect(raw.includes(text), text).toBe(false);
    expect(raw).not.toMatch(/"kind":"(note|red_flag|score)"/);
    expect(review.panel.kind).toBe('released');
    if (review.panel.kind === 'released') expect(review.panel.releases[0]!.dimensions!.find((d) => d.id === dimension.id)!.score).toBe(4);
  });

  it('has the board replay, and its segments are served (200)', async () => {
    expect(review.board).not.toBeNull();
    expect(review.board!.segments).toHaveLength(1);
    const response = await segment(other.candidate, other.id, 0);
    expect(response.status).toBe(200);
    expect(replayKeys(new Uint8Array(await response.arrayBuffer()), review.axis.durationMs)).toEqual(['drawn']);
    // The media route now looks the recording up rather than refusing: there is none.
    expect((await other.candidate.api('GET', reviewUrl(other.id, '/media/no-such-recording'))).status).toBe(404);
    expect(review.missing).toEqual([{ part: 'recording', reason: 'Not recorded: no one pressed Record in this session.' }]);
  });

  it("never opens one interview's review to the candidate of another", async () => {
    const reply = await other.candidate.api('GET', reviewUrl(main.id));
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toBe('You are not a participant in this interview.');
  });
});
