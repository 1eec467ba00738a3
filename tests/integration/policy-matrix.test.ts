/**
 * The policy matrix on the wire. tests/unit/policy.test.ts pins what `can()`
 * answers for every role × action × status; this file checks that every
 * interview route handler, socket.io event and the Yjs board really ask it, by
 * calling the real server as every kind of caller on a scheduled, a live and an
 * ended interview. The coverage checks read the route registry (the tag each
 * route wrapper puts on its handler) and fail when a route or event appears
 * without a row here, so nothing new can skip the policy unnoticed.
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/realtime/close-codes';
import { MediaClientEvent } from '../../lib/realtime/media';
import { ClientEvent, HandshakeError, ServerEvent } from '../../lib/realtime/protocol';
import { API_ROUTES } from '../../lib/api';
import { NODE_ROUTES } from '../../server/node-routes';
import { routeTagOf } from '../../server/routes/registry';
import {
  ACTIONS, assertCan, assertCanActOnScenario, can, canReadScenarioGuide, GUIDE_ACTIONS, reviewAccess, ROLES, shareableScope,
  type Action, type Actor, type InterviewStatus, type ReleasedParts, type Role,
} from '../../server/interviews/policy';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { HttpSession } from '../helpers/http-session';
import { acceptInvite, createInterview, interviewWithParties, joinThroughInvite, signedInUser, type InterviewParties } from '../helpers/interview-fixture';
import { collect, joinRoom, socketPool, timerCommand, untyped } from '../helpers/room-socket';
import { serverFixture, type ServerFixture } from '../helpers/server-fixture';
import { boardClient, eventually, type BoardClient } from '../helpers/yjs-client';

const ROOT = path.resolve(import.meta.dirname, '../..');
const scenario = loadScenarioLibrary(path.join(ROOT, 'scenarios')).get('payment-fraud-detection')!;
const card = scenario.guide.constraintCards[0]!;

type Caller = Role | 'outsider' | 'anonymous';
const CALLERS: readonly Caller[] = ['anonymous', 'outsider', 'observer', 'candidate', 'interviewer'];
const STATUSES: readonly InterviewStatus[] = ['scheduled', 'live', 'ended'];
const actorOf = (caller: Exclude<Caller, 'anonymous'>): Actor => ({ userId: caller, role: caller === 'outsider' ? null : caller });
const allowed = (caller: Caller, action: Action, status: InterviewStatus) => caller !== 'anonymous' && can(actorOf(caller), action, { status });
/** The exact words assertCan refuses with, so a 403 from anything but the policy does not pass. */
function refusal(caller: Exclude<Caller, 'anonymous'>, action: Action, status: InterviewStatus): string {
  try {
    assertCan(actorOf(caller), action, { status });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${caller} may ${action} when ${status}`);
}

interface Expected { status: number; message?: string }
interface RouteRow {
  method: string;
  path: string;
  action: Action;
  ok: number;
  body?: unknown;
  /** A body that depends on the room (e.g. names its interviewer); wins over `body`. */
  bodyFor?: (room: Room) => unknown;
  /**
   * For a route whose answer is more than can() says (the review's own gate, which also depends on releases):
   * what each signed-in caller gets. Without it: 403 in assertCan's words when can() refuses, else `ok`.
   */
  expect?: (caller: Exclude<Caller, 'anonymous'>, status: InterviewStatus) => Expected;
}

/** The review rows run before the release row: nothing is released yet in any room. */
const NOTHING_RELEASED: readonly ReleasedParts[] = [];
/** What the review's routes answer (server/review/access.ts asks reviewAccess), in the policy's own words. */
const reviewGate =
  (ok: number) =>
  (caller: Exclude<Caller, 'anonymous'>, status: InterviewStatus): Expected => {
    const access = reviewAccess(actorOf(caller), { status }, NOTHING_RELEASED);
    return access.ok ? { status: ok } : { status: access.status, message: access.reason };
  };
/** Making a share link: can() first (the route's gate), then only what the caller can see may be shared. */
const shareGate =
  (ok: number) =>
  (caller: Exclude<Caller, 'anonymous'>, status: InterviewStatus): Expected => {
    if (!allowed(caller, 'review.read', status)) return { status: 403, message: refusal(caller, 'review.read', status) };
    const access = shareableScope(reviewAccess(actorOf(caller), { status }, NOTHING_RELEASED));
    return access.ok ? { status: ok } : { status: access.status, message: access.reason };
  };
/** The matrix's rooms are peer sessions: either peer manages the schedule (the policy reads the mode). */
const peerAllowed = (caller: Exclude<Caller, 'anonymous'>, action: Action, status: InterviewStatus) => can(actorOf(caller), action, { status, mode: 'peer' });
function peerRefusal(caller: Exclude<Caller, 'anonymous'>, action: Action, status: InterviewStatus): string {
  try {
    assertCan(actorOf(caller), action, { status, mode: 'peer' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${caller} may ${action} when ${status}`);
}
const SCHEDULED_AT = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
/**
 * Scheduling (issue 15): past the policy, the handler answers 409 once the session is live or ended.
 * Setting the same time twice is a no-op (200); the second cancel finds it cancelled (409).
 */
const scheduleGate =
  (what: 'set' | 'cancel') =>
  (caller: Exclude<Caller, 'anonymous'>, status: InterviewStatus): Expected => {
    if (!peerAllowed(caller, 'schedule.manage', status)) return { status: 403, message: peerRefusal(caller, 'schedule.manage', status) };
    if (status === 'live') return { status: 409, message: 'This interview is under way; its time can no longer change.' };
    if (status === 'ended') return { status: 409, message: 'This interview has ended.' };
    // The candidate comes before the interviewer: in a peer session their cancel is the one that lands.
    if (what === 'cancel' && caller === 'interviewer') return { status: 409, message: 'This session was cancelled. Create a new interview to meet again.' };
    return { status: 200 };
  };
/** The .ics: 404 for outsiders (as for no interview); members get it once there is a time (only the scheduled room got one). */
const calendarGate = (caller: Exclude<Caller, 'anonymous'>, status: InterviewStatus): Expected => {
  if (caller === 'outsider') return { status: 404, message: 'No interview with that id.' };
  if (!allowed(caller, 'calendar.read', status)) return { status: 403, message: refusal(caller, 'calendar.read', status) };
  return status === 'scheduled' ? { status: 200 } : { status: 409, message: 'This interview has no time yet, so there is nothing to add to a calendar.' };
};
// Rows run in this order, each with the interviewer last, so every state-changing success happens once.
const ROUTES: RouteRow[] = [
  { method: 'GET', path: '/guide', action: 'guide.read', ok: 200 },
  { method: 'GET', path: '/rubric', action: 'rubric.read', ok: 200 },
  { method: 'GET', path: '/evaluation', action: 'rubric.read', ok: 200 },
  // Before the release row: a release locks the evaluation (409 afterwards).
  { method: 'PATCH', path: '/evaluation', action: 'rubric.score', ok: 200, body: { candidateFeedback: 'Clear framing; go deeper on latency.' } },
  { method: 'PUT', path: '/evaluation/marks', action: 'rubric.score', ok: 200, body: { kind: 'red_flag', index: 0, checked: true } },
  { method: 'GET', path: '/notes', action: 'notes.read', ok: 200 },
  { method: 'POST', path: '/notes', action: 'notes.write', ok: 201, body: { text: 'Asked about label delay early.' } },
  // :noteId is the interviewer's own note, written in setup; a refused caller must hit the policy's role gate.
  // (A co-interviewer deleting someone else's note has its own rows below.)
  { method: 'DELETE', path: '/notes/:noteId', action: 'notes.delete', ok: 204 },
  { method: 'GET', path: '/cards', action: 'cards.read', ok: 200 },
  // A refused reveal that slipped through would turn the interviewer's 201 into a 409.
  { method: 'POST', path: '/cards/:cardId/reveal', action: 'cards.reveal', ok: 201 },
  { method: 'GET', path: '/invites', action: 'invites.manage', ok: 200 },
  // Copying returns the current link; a refused caller's attempt must not have made or replaced one.
  { method: 'POST', path: '/invites', action: 'invites.manage', ok: 200, body: { role: 'observer' } },
  { method: 'POST', path: '/invites/reset', action: 'invites.manage', ok: 201, body: { role: 'observer' } },
  { method: 'GET', path: '/feedback', action: 'feedback.read', ok: 200 },
  // These interviews are peer sessions without a price: a caller the policy lets through reaches the
  // handler, which has nothing to mark (409); tests/integration/settings.test.ts marks a coached one.
  { method: 'PUT', path: '/billing/paid', action: 'billing.manage', ok: 409, body: { paid: true } },
  { method: 'GET', path: '/recording', action: 'recording.status', ok: 200 },
  // A refused caller's attempt must not have started one: the interviewer's 201 would become a 409.
  { method: 'POST', path: '/recording', action: 'recording.start', ok: 201 },
  // Callers the policy lets through reach the handler, which knows no such session (404) and has nothing of theirs to stop (409).
  { method: 'POST', path: '/recording/consent', action: 'recording.consent', ok: 404, body: { sessionId: 'not-a-session', decision: 'declined' } },
  { method: 'POST', path: '/recording/stop', action: 'recording.consent', ok: 409, body: { scope: 'mine' } },
  // No such recording for a caller the policy lets through (its own uploads are in recording-chunks.test.ts).
  { method: 'POST', path: '/recording/:recordingId/chunks/:seq', action: 'recording.upload', ok: 404 },
  { method: 'GET', path: '/recording/:recordingId/media', action: 'recording.watch', ok: 404 },
  { method: 'POST', path: '/recording/:recordingId/complete', action: 'recording.upload', ok: 404, body: { chunks: 1 } },
  { method: 'GET', path: '/recordings', action: 'recording.watch', ok: 200 },
  // The creator reaches the handler, which knows no such recording; a co-interviewer's refusal has its own rows below.
  { method: 'DELETE', path: '/recording/:recordingId', action: 'recording.delete', ok: 404 },
  { method: 'POST', path: '/recording/withdraw', action: 'recording.consent', ok: 404, body: { sessionId: 'not-a-session' } },
  // LiveKit is configured for this file (no server is needed to mint a token).
  { method: 'POST', path: '/media/token', action: 'media.join', ok: 200 },
  { method: 'PUT', path: '/schedule', action: 'schedule.manage', ok: 200, body: { scheduledAt: SCHEDULED_AT }, expect: scheduleGate('set') },
  { method: 'GET', path: '/calendar.ics', action: 'calendar.read', ok: 200, expect: calendarGate },
  { method: 'DELETE', path: '/schedule', action: 'schedule.manage', ok: 200, expect: scheduleGate('cancel') },
  // The review (issue 14), before the release row: the candidate is still refused at 'ended' (403), and
  // everyone allowed in by role gets 409 until the end. :segment is 0 (every room's board has its seed).
  { method: 'GET', path: '/review', action: 'review.read', ok: 200, expect: reviewGate(200) },
  { method: 'GET', path: '/review/board/:segment', action: 'review.read', ok: 200, expect: reviewGate(200) },
  // No such recording for the interviewer once the gate lets them in (served bytes: review-api.test.ts).
  { method: 'GET', path: '/review/media/:recordingId', action: 'review.read', ok: 404, expect: reviewGate(404) },
  { method: 'GET', path: '/review/shares', action: 'review.read', ok: 200 },
  { method: 'POST', path: '/review/shares', action: 'review.read', ok: 201, body: {}, expect: shareGate(201) },
  // :shareId is the interviewer's own link in the ended room (made in setup): the candidate, let in by can(), has no such link.
  {
    method: 'DELETE', path: '/review/shares/:shareId', action: 'review.read', ok: 200,
    expect: (caller, status) =>
      !allowed(caller, 'review.read', status)
        ? { status: 403, message: refusal(caller, 'review.read', status) }
        : caller === 'candidate'
          ? { status: 404, message: 'You have no share link with that id for this interview.' }
          : { status: 200 },
  },
  // Swapping roles (issue 15): can() lets round 1's candidate in at any status; before the end the handler
  // answers 409. The allowed call in the ended room starts round 2 (every one of these rooms is a peer session).
  {
    method: 'POST', path: '/swap', action: 'round.swap', ok: 201, body: { scenarioSlug: 'ad-click-prediction' },
    expect: (caller, status) =>
      !allowed(caller, 'round.swap', status)
        ? { status: 403, message: refusal(caller, 'round.swap', status) }
        : status !== 'ended'
          ? { status: 409, message: 'Round 1 has not ended yet. Swap roles once the interviewer ends it.' }
          : { status: 201 },
  },
  // Rating the interviewer; these rooms have a co-interviewer, so the rating names who it is about.
  { method: 'PUT', path: '/interviewer-rating', action: 'rating.write', ok: 200, bodyFor: (r) => ({ clarity: 4, hints: 3, feedback: 5, comment: 'Clear prompt.', interviewerId: r.interviewerId }) },
  { method: 'GET', path: '/interviewer-ratings', action: 'rating.read', ok: 200 },
  // None of these rooms was arranged through matching: a caller the policy lets through gets 409 from the handler
  // (confirmed, refuted and early reports of matched sessions: tests/integration/matching.test.ts).
  {
    method: 'POST', path: '/no-show', action: 'attendance.report', ok: 409, body: { userId: 'someone-else' },
    expect: (caller, status) =>
      allowed(caller, 'attendance.report', status)
        ? { status: 409, message: 'Only sessions arranged through “Find a practice partner” count toward reliability; this one was not.' }
        : { status: 403, message: refusal(caller, 'attendance.report', status) },
  },
  { method: 'POST', path: '/feedback/release', action: 'feedback.release', ok: 201, body: { include: { scores: false, summaries: false, recommendation: false, levelEstimate: false } } },
  // After the release row: in the ended room the candidate has released feedback to come back to (issue 15).
  { method: 'PUT', path: '/repractice', action: 'repractice.manage', ok: 200 },
  { method: 'DELETE', path: '/repractice', action: 'repractice.manage', ok: 200 },
  // The allowed call ends the interview.
  { method: 'POST', path: '/end', action: 'interview.end', ok: 200 },
  // Last, once every interview has ended: the creator's call deletes it. (409 while live: recording-deletion.test.ts.)
  { method: 'DELETE', path: '', action: 'interview.delete', ok: 204 },
];

/** `/api/interviews/:id` itself, or anything under it: the routes that act on one interview. */
const interviewScoped = (path: string) => path === '/api/interviews/:id' || path.startsWith('/api/interviews/:id/');

/** Route files whose handlers are not ours (so carry no registry tag), with the reason. */
const UNTAGGED: Record<string, string> = {
  'auth/[...nextauth]/route.ts': "next-auth's own catch-all: its session, CSRF, provider and callback endpoints",
};

/** Routes outside /api/interviews/:id/: there is no interview role to check. */
const NOT_INTERVIEW_SCOPED: Record<string, string> = {
  'GET /api/auth/*nextauth': "next-auth's session, CSRF and provider endpoints",
  'POST /api/auth/*nextauth': "next-auth's sign-in and sign-out callbacks",
  'GET /api/health': 'liveness and database check for operators and load balancers',
  'POST /api/signup': 'creates an account; no interview exists yet',
  'POST /api/interviews': 'creates an interview; the creator becomes its interviewer',
  'GET /api/invites/:token': 'an invite preview, open to whoever holds the link',
  'POST /api/invites/:token': 'accepting an invite is how a user becomes a participant',
  'GET /api/settings': "the caller's own name and time zone",
  'PATCH /api/settings': "changes the caller's own name and time zone",
  'POST /api/settings/time-zone': "saves the caller's detected time zone when they have none",
  'GET /api/progress': "the caller's own progress as a candidate, from released feedback",
  // Matching (issue 15): a person's own availability request, no interview yet; rows in 'matching routes' below.
  'GET /api/matching/requests': "the caller's own open request, matches and reliability",
  'POST /api/matching/requests': 'posts availability; a match creates the interview',
  'DELETE /api/matching/requests/:id': "withdraws the caller's own open request (404 for anyone else's)",
  'GET /api/matching/openings': "other people's open requests that fit the caller's, by first name only",
  'POST /api/matching/openings/:requestId/book': "pairs the caller's open request with someone else's; the interview is created by it",
};

interface EventRow {
  event: string;
  action: Action | null;
  payload: (id: string, self: string) => unknown;
  /** Joined first, as a client would; outsiders are refused there, so the event itself turns them away with `outsider`. */
  after?: { event: string; outsider: string };
}
const joinCall = (interviewId: string) => ({ interviewId, audio: true, video: true });
const EVENTS: EventRow[] = [
  // Clock sync carries no interview: any signed-in socket may ping, so the policy has nothing to decide.
  { event: ClientEvent.ClockPing, action: null, payload: () => ({ clientSentAt: 1234 }) },
  { event: ClientEvent.RoomJoin, action: 'room.enter', payload: (interviewId) => ({ interviewId }) },
  // 'extend' is valid whether or not the timer runs, and does not turn a scheduled interview live.
  {
    event: ClientEvent.TimerCommand, action: 'timer.control', payload: (interviewId) => ({ interviewId, command: { type: 'extend', minutes: 1 } }),
    after: { event: ClientEvent.RoomJoin, outsider: 'Join the room before sending commands.' },
  },
  { event: MediaClientEvent.Join, action: 'media.join', payload: joinCall },
  // A signal to oneself: the relay path without a second browser.
  {
    event: MediaClientEvent.Signal, action: 'media.join', payload: (interviewId, self) => ({ interviewId, to: self, candidate: null }),
    after: { event: MediaClientEvent.Join, outsider: 'Join the call before signalling.' },
  },
  {
    event: MediaClientEvent.State, action: 'media.join', payload: (interviewId) => ({ interviewId, audio: false, video: true }),
    after: { event: MediaClientEvent.Join, outsider: 'Join the call first.' },
  },
  // Leaving is always allowed and changes nothing for someone who never joined.
  { event: MediaClientEvent.Leave, action: null, payload: (interviewId) => ({ interviewId }) },
];

const BOARD = [
  { what: 'connect to the board (/ws/yjs/:id)', action: 'board.read' },
  { what: 'send a board update (/ws/yjs/:id)', action: 'board.write' },
] as const;

interface Room {
  parties: InterviewParties;
  /** The interviewer's user id (the one the candidate rates). */
  interviewerId: string;
  noteId: string;
  /** The interviewer's share link of the review (ended room only: a link can only be made after the end). */
  shareId: string;
  /** Another note of the interviewer's, for the co-interviewer's refused delete. */
  keptNoteId: string;
  coInterviewer: HttpSession;
  watcher: BoardClient;
  session(c: Caller): HttpSession;
}
let fixture: ServerFixture;
let outsider: HttpSession;
const rooms = {} as Record<InterviewStatus, Room>;
const boards: BoardClient[] = [];
const sockets = socketPool(() => fixture.server.url);
const board = (id: string, who: HttpSession) => boardClient(fixture.server.url, id, who.cookieHeader() || null);

/** The board as Postgres has it, replayed from the update log. */
async function storedBoard(interviewId: string): Promise<Y.Map<unknown>> {
  const doc = new Y.Doc();
  for (const row of await fixture.prisma.boardUpdate.findMany({ where: { interviewId }, orderBy: { id: 'asc' } })) Y.applyUpdate(doc, row.update);
  return doc.getMap('elements');
}

/** Waits until an element reaches Postgres (expect.poll cannot run in beforeAll). */
async function stored(interviewId: string, key: string): Promise<void> {
  const started = Date.now();
  while (!(await storedBoard(interviewId)).has(key)) {
    if (Date.now() - started > 5000) throw new Error(`"${key}" never reached the store`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function room(status: InterviewStatus): Promise<Room> {
  const parties = await interviewWithParties(fixture.server.url);
  const url = `/api/interviews/${parties.id}`;
  const coInterviewer = await joinThroughInvite(fixture.server.url, 'Cora Co-interviewer', parties.invites.interviewer);
  const seeder = board(parties.id, parties.interviewer);
  boards.push(seeder);
  await seeder.synced();
  seeder.elements.set('seed', { version: 1 });
  const note = await parties.interviewer.api('POST', `${url}/notes`, { text: 'mine to delete' });
  expect(note.status).toBe(201);
  const kept = await parties.interviewer.api('POST', `${url}/notes`, { text: 'mine to keep' });
  expect(kept.status).toBe(201);
  if (status === 'live') {
    const socket = await sockets.open(parties.interviewer);
    await joinRoom(socket, parties.id);
    expect(await timerCommand(socket, parties.id, { type: 'start' })).toMatchObject({ ok: true });
    socket.close();
  }
  if (status === 'ended') {
    // The release row needs written feedback, and feedback can only be released after the end.
    expect((await parties.interviewer.api('PATCH', `${url}/evaluation`, { candidateFeedback: 'Strong start.' })).status).toBe(200);
  }
  // The seed must be stored before the end freezes the board.
  await stored(parties.id, 'seed');
  if (status === 'ended') expect((await parties.interviewer.api('POST', `${url}/end`)).status).toBe(200);
  expect((await fixture.prisma.interview.findUniqueOrThrow({ where: { id: parties.id } })).status).toBe(status);
  let shareId = 'no-such-share';
  if (status === 'ended') {
    const share = await parties.interviewer.api('POST', `${url}/review/shares`, {});
    expect(share.status).toBe(201);
    shareId = share.body.id;
  }
  const anonymous = new HttpSession(fixture.server.url);
  const watcher = board(parties.id, parties.observer);
  boards.push(watcher);
  await watcher.synced();
  const session = (c: Caller) => (c === 'anonymous' ? anonymous : c === 'outsider' ? outsider : parties[c]);
  const interviewerId = (await fixture.prisma.user.findUniqueOrThrow({ where: { email: parties.interviewer.email } })).id;
  return { parties, interviewerId, noteId: note.body.id, shareId, keptNoteId: kept.body.id, coInterviewer, watcher, session };
}

beforeAll(async () => {
  fixture = await serverFixture({
    env: { LIVEKIT_URL: 'ws://127.0.0.1:1/livekit', LIVEKIT_API_KEY: 'matrix-key', LIVEKIT_API_SECRET: 'matrix-secret-that-is-long-enough-12345' },
  });
  outsider = await signedInUser(fixture.server.url, 'Otto Outsider');
  const built = await Promise.all(STATUSES.map(room));
  STATUSES.forEach((status, i) => (rooms[status] = built[i]!));
});
afterAll(async () => {
  sockets.closeAll();
  for (const c of boards) c.destroy();
  await fixture?.close();
});

interface Registered { route: string; action: Action | null; tagged: boolean }

/**
 * Every exported HTTP handler under app/api, and every route server/app.ts
 * answers before Next, with what its registry tag declares. The files are listed from disk and imported; each handler must
 * carry a tag (unless its file is UNTAGGED) whose method and path are the
 * file's own location, so a tag cannot claim a route it does not serve.
 */
async function registeredRoutes(): Promise<Registered[]> {
  const api = path.join(ROOT, 'app/api');
  const methods = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
  const found: Registered[] = [];
  const files = readdirSync(api, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'route.ts').sort();
  for (const file of files) {
    const segments = path.dirname(file).split(path.sep).map((s) => s.replace(/^\[\.\.\.(\w+)\]$/, '*$1').replace(/^\[(\w+)\]$/, ':$1'));
    const location = `/api/${segments.join('/')}`;
    const module = (await import(pathToFileURL(path.join(api, file)).href)) as Record<string, unknown>;
    const exported = Object.keys(module).filter((n) => methods.test(n));
    expect(exported, `app/api/${file} exports no HTTP handler`).not.toEqual([]);
    for (const method of exported) {
      const route = `${method} ${location}`;
      const tag = routeTagOf(module[method]);
      if (file in UNTAGGED) {
        expect(tag, `${route} is listed as untagged`).toBeUndefined();
        found.push({ route, action: null, tagged: false });
        continue;
      }
      expect(tag, `${method} in app/api/${file} is not made by apiRoute or interviewRoute`).toBeDefined();
      expect(`${tag!.contract.method} ${tag!.contract.path}`, `the tag on ${method} in app/api/${file}`).toBe(route);
      found.push({ route, action: tag!.action, tagged: true });
    }
  }
  // And the routes server/app.ts answers before Next, tagged by the same registry.
  for (const own of NODE_ROUTES) {
    const tag = routeTagOf(own.serve);
    expect(tag, `${own.contract.method} ${own.contract.path} (served before Next) is not made by memberNodeRoute`).toBeDefined();
    found.push({ route: `${own.contract.method} ${own.contract.path}`, action: tag!.action, tagged: true });
  }
  return found.sort((a, b) => a.route.localeCompare(b.route));
}

describe('coverage', () => {
  const tabled = ROUTES.map((r) => `${r.method} /api/interviews/:id${r.path}`);
  const exercised = new Set<Action | null>([...ROUTES, ...EVENTS, ...BOARD].map((r) => r.action));

  it('has a row for every interview-scoped handler, and a stated reason for every other one', async () => {
    const registered = await registeredRoutes();
    const discovered = registered.map((r) => r.route);
    expect(new Set(tabled).size).toBe(tabled.length);
    expect(discovered.filter((r) => interviewScoped(r.split(' ')[1]!) && !tabled.includes(r))).toEqual([]);
    expect(Object.keys(NOT_INTERVIEW_SCOPED).filter((r) => r.includes('/api/interviews/:id'))).toEqual([]);
    expect([...tabled, ...Object.keys(NOT_INTERVIEW_SCOPED)].sort()).toEqual(discovered);
  });

  it("checks each interview route against its row's action, and no other route against any", async () => {
    const registered = await registeredRoutes();
    const declared = Object.fromEntries(registered.map((r) => [r.route, r.action]));
    expect(Object.fromEntries(ROUTES.map((r) => [`${r.method} /api/interviews/:id${r.path}`, declared[`${r.method} /api/interviews/:id${r.path}`]]))).toEqual(
      Object.fromEntries(ROUTES.map((r) => [`${r.method} /api/interviews/:id${r.path}`, r.action])),
    );
    expect(registered.filter((r) => !interviewScoped(r.route.split(' ')[1]!) && r.action !== null)).toEqual([]);
  });

  it('serves every contract in lib/api, each from one handler', async () => {
    const tagged = (await registeredRoutes()).filter((r) => r.tagged).map((r) => r.route);
    expect(API_ROUTES.map((c) => `${c.method} ${c.path}`).sort()).toEqual(tagged);
  });

  it('has a row for every socket.io client event', () => {
    expect(EVENTS.map((e) => e.event).sort()).toEqual([...Object.values(ClientEvent), ...Object.values(MediaClientEvent)].sort());
  });

  it('names only actions the policy knows, and exercises the ones the issue names', () => {
    for (const action of exercised) if (action !== null) expect(ACTIONS).toContain(action);
    const named: Action[] = ['guide.read', 'rubric.score', 'notes.write', 'cards.reveal', 'timer.control', 'interview.end', 'feedback.release', 'feedback.read', 'review.read'];
    expect(named.filter((a) => !exercised.has(a))).toEqual([]);
  });

  it("never lets the review's own gate open wider than can('review.read'), whatever was released", () => {
    const releases: ReleasedParts[][] = [[], [{}], [{ dimensions: [{ score: 3 }], recordingAndReplay: true }]];
    for (const status of STATUSES) {
      for (const who of [...ROLES, 'outsider'] as const) {
        expect(can(actorOf(who), 'review.read', { status })).toBe(status === 'ended' && (who === 'interviewer' || who === 'candidate'));
        for (const released of releases) {
          if (reviewAccess(actorOf(who), { status }, released).ok) expect(can(actorOf(who), 'review.read', { status }), `${who} ${status}`).toBe(true);
        }
      }
    }
  });
});

for (const status of STATUSES) {
  describe(`${status} interview`, () => {
    const verdict = (caller: Caller, action: Action | null) =>
      caller === 'anonymous' ? 'is asked to sign in for' : action === null || allowed(caller, action, status) ? 'may' : 'may not';

    describe('Yjs board', () => {
      for (const { what, action } of BOARD) {
        for (const caller of CALLERS) {
          it(`${status}: ${caller} ${verdict(caller, action)} ${action} (${what})`, async () => {
            const { parties, watcher, session } = rooms[status];
            const client = board(parties.id, session(caller));
            try {
              if (caller === 'anonymous') return expect((await client.closed).code).toBe(CloseCode.Unauthorized);
              // Everyone who may write may read, so a refused read is always the handshake's 4403.
              if (!allowed(caller, 'board.read', status)) return expect((await client.closed).code).toBe(CloseCode.Forbidden);
              await client.synced();
              expect(client.elements.has('seed')).toBe(true);
              if (action === 'board.read') return;
              const key = `${status}-${caller}`;
              client.elements.set(key, { version: 1 });
              if (allowed(caller, action, status)) {
                await eventually(() => watcher.elements.has(key), 'the update reaching another client');
                await stored(parties.id, key);
              } else {
                // Dropped, not closed: wait well past the 200 ms flush for a wrongly relayed or stored update.
                await new Promise((r) => setTimeout(r, 600));
                expect(watcher.elements.has(key)).toBe(false);
                expect((await storedBoard(parties.id)).has(key)).toBe(false);
                expect(client.provider.wsconnected).toBe(true);
              }
            } finally {
              client.destroy();
            }
          });
        }
      }
    });

    describe('socket.io events', () => {
      for (const { event, action, payload, after } of EVENTS) {
        for (const caller of CALLERS) {
          it(`${status}: ${caller} ${verdict(caller, action)} ${action ?? 'ping (no interview)'} (${event})`, async () => {
            const { parties, session } = rooms[status];
            if (caller === 'anonymous') return expect(sockets.open(session(caller))).rejects.toMatchObject({ message: HandshakeError.Unauthorized });
            const socket = await sockets.open(session(caller));
            try {
              if (after) await untyped(socket).emitWithAck(after.event, after.event === ClientEvent.RoomJoin ? { interviewId: parties.id } : joinCall(parties.id));
              const ack = await untyped(socket).emitWithAck(event, payload(parties.id, socket.id!));
              if (action === null) expect(ack).toEqual(event === ClientEvent.ClockPing ? { clientSentAt: 1234, serverTime: expect.any(Number) } : { ok: true });
              else if (!allowed(caller, action, status)) {
                const message = caller === 'outsider' && after ? after.outsider : refusal(caller, action, status);
                expect(ack).toEqual({ error: { code: 'forbidden', message } });
              } else if (action === 'room.enter') expect(ack.role).toBe(caller);
              else if (event === MediaClientEvent.Join) expect(ack).toMatchObject({ self: socket.id, canPublish: caller !== 'observer' });
              else expect(ack).toMatchObject({ ok: true });
            } finally {
              socket.close();
            }
          });
        }
      }
    });

    describe('resource rules (the scenario library holds the guide back from an open candidacy)', () => {
      const probe = Object.values(scenario.guide.probes).flat()[0]!;
      const page = async (who: HttpSession) => {
        const response = await who.fetch(`/scenarios/${scenario.slug}`);
        expect(response.status).toBe(200);
        return (await response.text()).replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      };
      for (const who of ['candidate', 'interviewer'] as const) {
        const open = who === 'candidate' && status !== 'ended' ? [scenario.slug] : [];
        const reads = canReadScenarioGuide(scenario.slug, new Set(open));
        it(`${status}: the ${who} ${reads ? 'may' : 'may not'} read this scenario's guide in the library (GET /scenarios/:slug)`, async () => {
          // Runs before the HTTP rows, whose last row ends every interview.
          const { parties } = rooms[status];
          expect((await fixture.prisma.interview.findUniqueOrThrow({ where: { id: parties.id } })).status).toBe(status);
          const html = await page(parties[who]);
          expect(html.includes(probe)).toBe(reads);
          expect(html.includes('stay closed to you')).toBe(!reads);
        });
      }
    });

    describe('resource rules (an open candidacy on a scenario closes its guide in every interview on it)', () => {
      // Runs before the HTTP rows, whose last row ends every interview. rooms[status]'s candidate is
      // the candidate in an interview on the scenario with this status; elsewhere they are an interviewer.
      const held = !canReadScenarioGuide(scenario.slug, new Set(status === 'ended' ? [] : [scenario.slug]));
      const heldBack = (action: Action) => {
        try {
          assertCanActOnScenario(action, scenario.slug, new Set([scenario.slug]));
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error(`${action} is not held back`);
      };
      const newInterview = { scenarioSlug: scenario.slug, level: 'staff', durationMinutes: 45, mode: 'peer' };
      /** Another interview on the same scenario, hosted by someone else, with this room's candidate as a co-interviewer. */
      let elsewhere: Promise<string> | undefined;
      const otherInterview = () =>
        (elsewhere ??= (async () => {
          const host = await signedInUser(fixture.server.url, 'Hana Host');
          const { id, invites } = await createInterview(host);
          await acceptInvite(rooms[status].parties.candidate, invites.interviewer);
          return id;
        })());

      it(`${status}: the candidate ${held ? 'may not' : 'may'} create another interview on the scenario (POST /api/interviews)`, async () => {
        const reply = await rooms[status].parties.candidate.api('POST', '/api/interviews', newInterview);
        if (held) {
          expect(reply.status).toBe(403);
          expect(reply.body.error.message).toMatch(/^You are the candidate in an interview on this scenario that has not ended, so you cannot run an interview on it/);
        } else expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      });

      it(`${status}: everyone else may create interviews on the scenario (the interviewer, an outsider)`, async () => {
        for (const who of [rooms[status].parties.interviewer, outsider]) expect((await who.api('POST', '/api/interviews', newInterview)).status).toBe(201);
      });

      for (const route of ROUTES.filter((r) => (GUIDE_ACTIONS as readonly Action[]).includes(r.action))) {
        it(`${status}: as an interviewer of another interview on it, the candidate ${held ? 'may not' : 'may'} ${route.action} (${route.method} ${route.path})`, async () => {
          const id = await otherInterview();
          const reply = await rooms[status].parties.candidate.api(route.method, `/api/interviews/${id}${route.path.replace(':cardId', card.id)}`, route.body);
          if (held) {
            expect(reply.status).toBe(403);
            expect(reply.body.error.message).toBe(heldBack(route.action));
          } else expect(reply.status, JSON.stringify(reply.body)).toBe(route.ok);
        });
      }

      it(`${status}: there, the rest of the interviewer's tools stay open (GET /notes, GET /cards)`, async () => {
        const id = await otherInterview();
        for (const path of ['/notes', '/cards']) expect((await rooms[status].parties.candidate.api('GET', `/api/interviews/${id}${path}`)).status).toBe(200);
      });
    });

    // Before the HTTP rows: their last row deletes every interview.
    describe('resource rules (only the author deletes a note)', () => {
      it(`${status}: a co-interviewer may not delete another interviewer's note (DELETE /notes/:noteId)`, async () => {
        const { parties, keptNoteId, coInterviewer } = rooms[status];
        const reply = await coInterviewer.api('DELETE', `/api/interviews/${parties.id}/notes/${keptNoteId}`);
        expect(reply.status).toBe(403);
        let expected = '';
        try {
          assertCan({ userId: 'co', role: 'interviewer' }, 'notes.delete', { status }, { authorId: 'author' });
        } catch (error) {
          expected = (error as Error).message;
        }
        expect(expected).not.toBe('');
        expect(reply.body.error.message).toBe(expected);
        expect(await fixture.prisma.note.count({ where: { id: keptNoteId } })).toBe(1);
      });

      it(`${status}: a co-interviewer may delete their own note`, async () => {
        const { parties, coInterviewer } = rooms[status];
        const own = await coInterviewer.api('POST', `/api/interviews/${parties.id}/notes`, { text: 'my own' });
        expect(own.status).toBe(201);
        expect((await coInterviewer.api('DELETE', `/api/interviews/${parties.id}/notes/${own.body.id}`)).status).toBe(204);
      });
    });

    describe("resource rules (only the interview's creator deletes it or its recordings)", () => {
      const notYours = (action: Action) => {
        try {
          assertCan({ userId: 'co', role: 'interviewer' }, action, { status }, { authorId: 'creator' });
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error(`a co-interviewer may ${action}`);
      };
      it(`${status}: a co-interviewer may not delete the interview (DELETE /api/interviews/:id)`, async () => {
        const { parties, coInterviewer } = rooms[status];
        const reply = await coInterviewer.api('DELETE', `/api/interviews/${parties.id}`);
        expect(reply.status).toBe(403);
        expect(reply.body.error.message).toBe(notYours('interview.delete'));
        expect(await fixture.prisma.interview.count({ where: { id: parties.id } })).toBe(1);
      });
      it(`${status}: a co-interviewer may not delete its recordings (DELETE /recording/:recordingId)`, async () => {
        const { parties, coInterviewer } = rooms[status];
        const reply = await coInterviewer.api('DELETE', `/api/interviews/${parties.id}/recording/no-such-recording-0`);
        expect(reply.status).toBe(403);
        expect(reply.body.error.message).toBe(notYours('recording.delete'));
      });
    });

    describe('HTTP routes', () => {
      const expected = (route: RouteRow, caller: Exclude<Caller, 'anonymous'>): Expected => {
        if (route.expect) return route.expect(caller, status);
        return allowed(caller, route.action, status) ? { status: route.ok } : { status: 403, message: refusal(caller, route.action, status) };
      };
      const title = (route: RouteRow, caller: Caller) => {
        if (caller === 'anonymous' || !route.expect) return verdict(caller, route.action);
        const answer = expected(route, caller);
        return answer.status === route.ok ? 'may' : `may not (${answer.status})`;
      };
      /** A JSON request like HttpSession.api, whose answer may also be bytes (a board segment). */
      const call = async (who: HttpSession, method: string, url: string, body: unknown) => {
        const response = await who.fetch(url, { method, ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
        const json = response.headers.get('content-type')?.includes('application/json');
        return { status: response.status, body: json ? await response.json() : `${(await response.arrayBuffer()).byteLength} bytes` };
      };
      for (const route of ROUTES) {
        for (const caller of CALLERS) {
          it(`${status}: ${caller} ${title(route, caller)} ${route.action} (${route.method} ${route.path})`, async () => {
            const { parties, noteId, shareId, session } = rooms[status];
            const url = `/api/interviews/${parties.id}${route.path
              .replace(':noteId', noteId)
              .replace(':cardId', card.id)
              .replace(':recordingId', 'no-such-recording-0')
              .replace(':seq', '0')
              .replace(':segment', '0')
              .replace(':shareId', shareId)}`;
            const reply = await call(session(caller), route.method, url, route.bodyFor ? route.bodyFor(rooms[status]) : route.body);
            if (caller === 'anonymous') return expect(reply.status).toBe(401);
            const answer = expected(route, caller);
            expect(reply.status, JSON.stringify(reply.body)).toBe(answer.status);
            if (answer.message !== undefined) expect(reply.body.error.message).toBe(answer.message);
          });
        }
      }
    });
  });
}

describe('server events', () => {
  // Room-wide relays go to whoever joined the room (room.enter); round:swapped carries ids only, so
  // each browser opens round 2 through its own membership there.
  it("round:swapped reaches every member in round 1's room (interviewers, candidate, observer), ids only, and nobody outside it", async () => {
    const parties = await interviewWithParties(fixture.server.url);
    const co = await joinThroughInvite(fixture.server.url, 'Cora Co-interviewer', parties.invites.interviewer);
    expect((await parties.interviewer.api('POST', `/api/interviews/${parties.id}/end`)).status).toBe(200);
    const heard: Record<string, unknown[]> = {};
    const members = { interviewer: parties.interviewer, coInterviewer: co, candidate: parties.candidate, observer: parties.observer };
    for (const [who, session] of Object.entries(members)) {
      const socket = await sockets.open(session);
      expect(await joinRoom(socket, parties.id)).toHaveProperty('role');
      heard[who] = collect(socket, ServerEvent.RoundSwapped);
    }
    // An outsider's socket is refused at the join; a socket in another interview's room is not told.
    const stranger = await sockets.open(outsider);
    expect(await joinRoom(stranger, parties.id)).toMatchObject({ error: { code: 'forbidden' } });
    heard.outsider = collect(stranger, ServerEvent.RoundSwapped);
    const other = await createInterview(outsider);
    const elsewhere = await sockets.open(outsider);
    expect(await joinRoom(elsewhere, other.id)).toMatchObject({ role: 'interviewer' });
    heard.elsewhere = collect(elsewhere, ServerEvent.RoundSwapped);

    const swapped = await parties.candidate.api('POST', `/api/interviews/${parties.id}/swap`, { scenarioSlug: 'ad-click-prediction' });
    expect(swapped.status).toBe(201);
    const payload = { interviewId: parties.id, nextInterviewId: swapped.body.id };
    await expect.poll(() => Object.keys(members).map((who) => heard[who]!.length)).toEqual([1, 1, 1, 1]);
    for (const who of Object.keys(members)) expect(heard[who]).toEqual([payload]);
    expect([heard.outsider, heard.elsewhere]).toEqual([[], []]);
  });
});

/**
 * Matching routes have no interview role to check: the rule is whose request
 * it is (ownsAvailabilityRequest, canBookOpening in the policy module). Rows
 * run in order: the seeker has an open request; the other user posts one that
 * does not overlap it in the POST row.
 */
describe('matching routes (the caller’s own availability request)', () => {
  type Who = 'anonymous' | 'seeker' | 'other';
  const H = 3_600_000;
  const day = Math.ceil((Date.now() + 24 * H) / H) * H;
  const ask = (fromH: number) => ({
    slots: [{ startsAt: new Date(day + fromH * H).toISOString(), endsAt: new Date(day + (fromH + 2) * H).toISOString() }],
    level: 'staff', domains: ['any'], firstRole: 'either',
  });
  let who: Record<Who, HttpSession>;
  let requestId: string;
  beforeAll(async () => {
    who = { anonymous: new HttpSession(fixture.server.url), seeker: await signedInUser(fixture.server.url, 'Sam Seeker'), other: await signedInUser(fixture.server.url, 'Olga Other') };
    const posted = await who.seeker.api('POST', '/api/matching/requests', ask(0));
    expect(posted.status).toBe(201);
    requestId = posted.body.request.id;
  });
  const ROWS: { method: string; path: string; body?: () => unknown; expect: Record<Who, Expected> }[] = [
    { method: 'GET', path: '/api/matching/requests', expect: { anonymous: { status: 401 }, seeker: { status: 200 }, other: { status: 200 } } },
    {
      method: 'POST', path: '/api/matching/requests', body: () => ask(5),
      expect: { anonymous: { status: 401 }, seeker: { status: 409, message: 'You already have an open request. Withdraw it first to post a new one.' }, other: { status: 201 } },
    },
    { method: 'GET', path: '/api/matching/openings', expect: { anonymous: { status: 401 }, seeker: { status: 200 }, other: { status: 200 } } },
    {
      method: 'POST', path: '/api/matching/openings/:requestId/book', body: () => ({ startsAt: new Date(day).toISOString() }),
      expect: {
        anonymous: { status: 401 },
        seeker: { status: 409, message: 'That is your own request.' },
        // Their own window (5 h later) does not hold the start: refused before anything is booked.
        other: { status: 422 },
      },
    },
    {
      method: 'DELETE', path: '/api/matching/requests/:id',
      expect: { anonymous: { status: 401 }, other: { status: 404, message: 'You have no request with that id.' }, seeker: { status: 204 } },
    },
  ];
  for (const row of ROWS) {
    for (const caller of Object.keys(row.expect) as Who[]) {
      it(`${caller} → ${row.expect[caller].status} (${row.method} ${row.path})`, async () => {
        const url = row.path.replace(':requestId', requestId).replace(':id', requestId);
        const reply = await who[caller].api(row.method, url, row.body?.());
        expect(reply.status, JSON.stringify(reply.body)).toBe(row.expect[caller].status);
        if (row.expect[caller].message) expect(reply.body.error.message).toBe(row.expect[caller].message);
        if (row.method === 'GET' && row.path === '/api/matching/requests' && caller !== 'anonymous') {
          expect(reply.body.open?.id ?? null).toBe(caller === 'seeker' ? requestId : null);
        }
      });
    }
  }
});
