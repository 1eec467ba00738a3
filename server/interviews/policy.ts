/**
 * The one authorization policy: who may do what in an interview. Every route
 * handler, socket.io handler and WebSocket channel asks `can()`; nothing else
 * decides access. Interviewer-only data (guide, rubric, scores, private notes,
 * unrevealed constraint cards) is gated here.
 */
import { ForbiddenError } from '../http/errors';
import type { InterviewStatus, Role } from '../../lib/interviews/roles';

export { ROLES, INTERVIEW_STATUSES, type Role, type InterviewStatus } from '../../lib/interviews/roles';

export interface Actor {
  userId: string;
  /** The actor's role in this interview, or null when not a participant. */
  role: Role | null;
}

export const ACTIONS = [
  'room.enter',
  'board.read',
  'board.write',
  'timer.read',
  'timer.control',
  'presence.read',
  'media.join',
  'media.publish',
  'guide.read',
  'rubric.read',
  'rubric.score',
  'notes.read',
  'notes.write',
  'notes.delete',
  'cards.read',
  'cards.reveal',
  'invites.manage',
  'interview.end',
  'interview.delete',
  'feedback.release',
  'feedback.read',
  'review.read',
  'billing.read',
  'billing.manage',
  'recording.status',
  'recording.start',
  'recording.consent',
  'recording.stopAll',
  'recording.upload',
  'recording.watch',
  'recording.delete',
  'repractice.manage',
  'round.swap',
  'rating.write',
  'rating.read',
  'schedule.manage',
  'calendar.read',
  'attendance.report',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * `ownOnly`: with the resource in hand, only its author may act on it.
 * `peerRoles`: in a peer session (two equals practising), these roles instead of `roles`.
 */
type Rule = { roles: readonly Role[]; peerRoles?: readonly Role[]; statuses?: readonly InterviewStatus[]; ownOnly?: true };

/** What the rules read of an interview. Without `mode`, a rule's peer roles do not apply (the stricter answer). */
export interface PolicyInterview {
  status: InterviewStatus;
  mode?: 'peer' | 'coach';
}

/**
 * What an action acts on, for rules that depend on it. Without it, `can`
 * answers whether the role may do this at all: the route's gate, asked before
 * the resource is loaded; the handler asks again with the resource.
 */
export interface Resource {
  /** Who owns it: a note's author, a recording's person, or for deleting an interview or its recordings, the interview's creator. */
  authorId: string;
}

const EVERY_MEMBER = ['interviewer', 'candidate', 'observer'] as const;
const INTERVIEWERS = ['interviewer'] as const;
const NOT_ENDED = ['scheduled', 'live'] as const;
const ENDED = ['ended'] as const;

const RULES: Record<Action, Rule> = {
  'room.enter': { roles: EVERY_MEMBER },
  'board.read': { roles: EVERY_MEMBER },
  // Observers watch; the board freezes when the interview ends (it stays readable for review).
  'board.write': { roles: ['interviewer', 'candidate'], statuses: NOT_ENDED },
  'timer.read': { roles: EVERY_MEMBER },
  'timer.control': { roles: INTERVIEWERS, statuses: NOT_ENDED },
  'presence.read': { roles: EVERY_MEMBER },
  // The call outlives the agenda: the debrief after "end" is still a conversation.
  'media.join': { roles: EVERY_MEMBER },
  // Observers watch and listen; they are never on camera.
  'media.publish': { roles: ['interviewer', 'candidate'] },
  'guide.read': { roles: INTERVIEWERS },
  'rubric.read': { roles: INTERVIEWERS },
  // Scoring and notes go on after the end: that is when the wrap-up is written.
  'rubric.score': { roles: INTERVIEWERS },
  'notes.read': { roles: INTERVIEWERS },
  'notes.write': { roles: INTERVIEWERS },
  // A co-interviewer's notes are theirs to keep.
  'notes.delete': { roles: INTERVIEWERS, ownOnly: true },
  // Revealed cards are shared with the room; the unrevealed ones come only with the guide.
  'cards.read': { roles: EVERY_MEMBER },
  'cards.reveal': { roles: INTERVIEWERS, statuses: NOT_ENDED },
  'invites.manage': { roles: INTERVIEWERS, statuses: NOT_ENDED },
  'interview.end': { roles: INTERVIEWERS, statuses: NOT_ENDED },
  // Only its creator (the resource's author is Interview.createdById): a co-interviewer joined
  // through a link and must not erase someone else's session. While it is live the handler
  // answers 409 (end it first): a state to change, not a permission.
  'interview.delete': { roles: INTERVIEWERS, ownOnly: true },
  'feedback.release': { roles: INTERVIEWERS, statuses: ENDED },
  // Observers watch the session; the feedback is between the interviewers and the candidate.
  'feedback.read': { roles: ['interviewer', 'candidate'] },
  // Observers see the review only through a share link (review-policy.ts).
  'review.read': { roles: ['interviewer', 'candidate'], statuses: ENDED },
  // A coached session's price and paid state are the coach's business, not the candidate's or an observer's.
  'billing.read': { roles: INTERVIEWERS },
  // Paid sessions are marked by hand (no payment provider yet); payment can arrive after the session.
  'billing.manage': { roles: INTERVIEWERS },
  // Everyone in the room sees the REC indicator and whose streams it covers, observers too.
  'recording.status': { roles: EVERY_MEMBER },
  'recording.start': { roles: INTERVIEWERS, statuses: NOT_ENDED },
  // Only people who publish media are recorded, so only they are asked; each answers (and stops) for themselves.
  'recording.consent': { roles: ['interviewer', 'candidate'] },
  'recording.stopAll': { roles: INTERVIEWERS },
  // Each browser uploads its own camera and microphone, nobody else's.
  'recording.upload': { roles: ['interviewer', 'candidate'], ownOnly: true },
  // Interviewers watch every recording of their interview; the candidate, their own
  // (others' once a release includes the recording: not built yet); observers never.
  'recording.watch': { roles: ['interviewer', 'candidate'] },
  // The interview's creator (author: Interview.createdById) deletes any of its recordings, at
  // any time; everyone else recorded takes back their own by withdrawing consent.
  'recording.delete': { roles: INTERVIEWERS, ownOnly: true },
  // Re-practice reminders are the candidate's own, counted from the end of the session they took.
  'repractice.manage': { roles: ['candidate'], statuses: ENDED },
  // Round 2 of a peer session: round 1's candidate becomes its interviewer. Any status passes the
  // role gate: before the end it is a 409 (a state to wait for), and only peer rounds swap
  // (assertCanSwapRoles, with the interview in hand).
  'round.swap': { roles: ['candidate'] },
  // The candidate rates the interviewer once the round is over, and may change their mind.
  'rating.write': { roles: ['candidate'], statuses: ENDED },
  // Each reads only their own side: the rated interviewer what is about them, the candidate what they gave (server/ratings).
  'rating.read': { roles: ['interviewer', 'candidate'] },
  // Setting, moving or calling off the time: the interviewer's; peers are equals, so either of them.
  // Not gated by status here: an ended or cancelled interview is a state the handler answers with 409.
  'schedule.manage': { roles: INTERVIEWERS, peerRoles: ['interviewer', 'candidate'] },
  // The calendar file: everyone who was invited (outsiders get 404 from its route, not 403).
  'calendar.read': { roles: EVERY_MEMBER },
  // The two people of a matched session report each other's absence (server/matching/reliability.ts
  // decides whether it stands); an observer was never expected to meet anyone.
  'attendance.report': { roles: ['interviewer', 'candidate'] },
};

function roleAndStatusAllow(actor: Actor, rule: Rule, interview: PolicyInterview): boolean {
  const roles = interview.mode === 'peer' && rule.peerRoles ? rule.peerRoles : rule.roles;
  if (!actor.role || !roles.includes(actor.role)) return false;
  return !rule.statuses || rule.statuses.includes(interview.status);
}

function ownershipAllows(actor: Actor, rule: Rule, resource: Resource | undefined): boolean {
  return !rule.ownOnly || !resource || resource.authorId === actor.userId;
}

export function can(actor: Actor, action: Action, interview: PolicyInterview, resource?: Resource): boolean {
  const rule = RULES[action];
  return roleAndStatusAllow(actor, rule, interview) && ownershipAllows(actor, rule, resource);
}

const REFUSALS: Partial<Record<Action, string>> = {
  'board.write': 'Only the interviewer and the candidate can draw, and only until the interview ends.',
  'timer.control': 'Only interviewers control the timer, and only until the interview ends.',
  'invites.manage': 'Only interviewers can see, copy or reset invite links, and only until the interview ends.',
  'interview.end': 'Only interviewers can end the interview.',
  'interview.delete': 'Only the interviewer who created this interview can delete it.',
  'media.publish': 'Observers can watch and listen, but not send video or audio.',
  'guide.read': 'Only interviewers can see the interview guide.',
  'rubric.read': 'Only interviewers can see the rubric.',
  'rubric.score': 'Only interviewers can score the interview.',
  'notes.read': 'Only interviewers can read interview notes.',
  'notes.write': 'Only interviewers can write interview notes.',
  'notes.delete': 'Only interviewers can delete interview notes.',
  'cards.reveal': 'Only interviewers can reveal constraint cards, and only until the interview ends.',
  'feedback.release': 'Only interviewers can release feedback, and only after the interview has ended.',
  'feedback.read': 'Only the interviewers and the candidate can read the feedback.',
  'review.read': 'The review opens to the interviewers and the candidate once the interview has ended; observers need a share link.',
  'billing.read': 'Only interviewers can see the price of a session.',
  'billing.manage': 'Only interviewers can mark a session as paid.',
  'recording.start': 'Only interviewers can start a recording, and only until the interview ends.',
  'recording.consent': 'Observers are never recorded, so there is nothing for them to allow or stop.',
  'recording.stopAll': 'Only interviewers can stop the recording for everyone.',
  'recording.upload': 'Observers are never recorded, so they have nothing to upload.',
  'recording.watch': 'Observers cannot watch the recordings of an interview.',
  'recording.delete': 'Only the interviewer who created this interview can delete its recordings. To remove your own, withdraw your consent.',
  'repractice.manage': 'Only the candidate can set re-practice reminders, once the interview has ended.',
  'round.swap': "Only round 1's candidate swaps roles: they become the interviewer of round 2.",
  'rating.write': 'Only the candidate rates the interviewer, once the interview has ended.',
  'rating.read': 'Ratings of the interviewing are between the candidate and the interviewer they rated.',
  'schedule.manage': 'Only the interviewer can set or cancel the time of this session (in a peer session, either of the two peers).',
  'attendance.report': 'Only the two people practising can report that the other did not come.',
};

/** Refusals for a role that may act, but not on someone else's resource. */
const NOT_YOURS: Partial<Record<Action, string>> = {
  'notes.delete': 'You can only delete your own notes.',
  'recording.upload': 'You can only upload your own recording.',
  'interview.delete': 'Only the interviewer who created this interview can delete it.',
  'recording.delete': 'Only the interviewer who created this interview can delete its recordings.',
};

export function assertCan(actor: Actor, action: Action, interview: PolicyInterview, resource?: Resource): void {
  const rule = RULES[action];
  if (!actor.role) throw new ForbiddenError('You are not a participant in this interview.');
  if (!roleAndStatusAllow(actor, rule, interview)) throw new ForbiddenError(REFUSALS[action] ?? `Your role (${actor.role}) cannot do that here.`);
  if (!ownershipAllows(actor, rule, resource)) throw new ForbiddenError(NOT_YOURS[action] ?? 'That belongs to someone else.');
}

/**
 * Whose recording a member may watch, once `recording.watch` allowed them in
 * at all: interviewers every one; the candidate their own, and the others'
 * only after a feedback release included "recording and board replay".
 */
export function canWatchRecording(actor: Actor, ownerId: string, mediaReleased: boolean): boolean {
  if (actor.role === 'interviewer') return true;
  return actor.role === 'candidate' && (ownerId === actor.userId || mediaReleased);
}

export function assertCanWatchRecording(actor: Actor, ownerId: string, mediaReleased: boolean): void {
  if (!canWatchRecording(actor, ownerId, mediaReleased)) {
    throw new ForbiddenError('You can watch your own recording; the others’ become yours to watch when the interviewer releases the recording.');
  }
}

/**
 * The scenario library's interviewer guides (and the summaries and search that
 * would hint at them) stay closed to a user on every scenario they are the
 * candidate for in an interview that has not ended (`openCandidacies`), so
 * the library is no side door around the room. Everyone else reads them.
 */
export function canReadScenarioGuide(slug: string, openCandidacies: ReadonlySet<string>): boolean {
  return !openCandidacies.has(slug);
}

/** The slugs, of those given, whose guide this user may not read yet. */
export function heldBackGuides(slugs: Iterable<string>, openCandidacies: ReadonlySet<string>): Set<string> {
  return new Set([...slugs].filter((slug) => !canReadScenarioGuide(slug, openCandidacies)));
}

/**
 * Actions that show (or act on) a scenario's guide and rubric through an
 * interview: the guide and rubric themselves, the caller's evaluation and
 * scoring (they carry the rubric's signals), and revealing a constraint card
 * (the answer is the card). While the caller is the candidate in an
 * interview on that scenario that has not ended, these stay closed in every
 * interview on it, even one where they are an interviewer; otherwise creating
 * a second interview on the scenario would be a side door to its guide.
 */
export const GUIDE_ACTIONS = ['guide.read', 'rubric.read', 'rubric.score', 'cards.reveal'] as const satisfies readonly Action[];

const HELD_BACK =
  'You are the candidate in an interview on this scenario that has not ended, so its guide and rubric stay closed to you until that interview ends.';
const CANNOT_CREATE =
  'You are the candidate in an interview on this scenario that has not ended, so you cannot run an interview on it until that one ends. Pick another scenario.';

export function isGuideAction(action: Action): boolean {
  return (GUIDE_ACTIONS as readonly Action[]).includes(action);
}

/** `can` decided the role; this decides the scenario hold-back for an interview on `slug`. */
export function canActOnScenario(action: Action, slug: string, openCandidacies: ReadonlySet<string>): boolean {
  return !isGuideAction(action) || canReadScenarioGuide(slug, openCandidacies);
}

export function assertCanActOnScenario(action: Action, slug: string, openCandidacies: ReadonlySet<string>): void {
  if (!canActOnScenario(action, slug, openCandidacies)) throw new ForbiddenError(HELD_BACK);
}

/** Creating an interview makes you its interviewer, with its guide: not on a scenario you are about to be interviewed on. */
export function canCreateInterviewOn(slug: string, openCandidacies: ReadonlySet<string>): boolean {
  return canReadScenarioGuide(slug, openCandidacies);
}

export function assertCanCreateInterviewOn(slug: string, openCandidacies: ReadonlySet<string>): void {
  if (!canCreateInterviewOn(slug, openCandidacies)) throw new ForbiddenError(CANNOT_CREATE);
}

const NOT_PEER = 'Only peer practice sessions have a second round with the roles swapped.';

/**
 * Swapping roles, with the interview in hand: `can(…, 'round.swap')` decided
 * the role; only a peer session swaps (a coach does not get interviewed by
 * their client). Whether it has ended, or already has a round 2, is a state
 * (409), decided by server/rounds.
 */
export function canSwapRoles(actor: Actor, interview: { status: InterviewStatus; mode: 'peer' | 'coach' }): boolean {
  return can(actor, 'round.swap', interview) && interview.mode === 'peer';
}

export function assertCanSwapRoles(actor: Actor, interview: { status: InterviewStatus; mode: 'peer' | 'coach' }): void {
  assertCan(actor, 'round.swap', interview);
  if (interview.mode !== 'peer') throw new ForbiddenError(NOT_PEER);
}

// ---------------------------------------------------------------- matching
// Availability requests belong to one person and no interview: there is no
// role to check, only whose request it is.

/** Only its owner sees, withdraws or books with their own request; to anyone else it does not exist (404). */
export function ownsAvailabilityRequest(userId: string, request: { userId: string }): boolean {
  return request.userId === userId;
}

/** Anyone signed in with an open request of their own may book someone else's open request. */
export function canBookOpening(userId: string, opening: { userId: string }): boolean {
  return opening.userId !== userId;
}

// The review's finer rules (which parts, share links) live beside this module and are part of it.
export * from './review-policy';
