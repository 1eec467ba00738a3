/**
 * Interview lifecycle: create from a scenario (snapshotting it), list a user's
 * interviews, and resolve the caller's role for every access check.
 */
import type { CreatedInterview, CreateInterviewInput } from '../../lib/api/interviews';
import { roundLinkOf, type RoundLink } from '../../lib/api/rounds';
import { db } from '../db/client';
import { getRuntime } from '../env';
import { ConflictError, NotFoundError } from '../http/errors';
import { scenarioLibrary, type Scenario } from '../scenarios/library';
import { readScenarioSnapshot, SNAPSHOT_VERSION, type ScenarioSnapshot } from '../db/json-columns';
import { eventBus } from '../events/bus';
import { newInterviewId } from './ids';
import { inviteUrl, issueInvite } from './invites';
import { assertCan, assertCanActOnScenario, assertCanCreateInterviewOn, can, isGuideAction, type Action, type Actor, type InterviewStatus, type Role } from './policy';

export async function createInterview(creatorId: string, input: CreateInterviewInput): Promise<CreatedInterview> {
  const scenario = scenarioLibrary().get(input.scenarioSlug);
  if (!scenario) throw new NotFoundError(`No scenario "${input.scenarioSlug}". Pick one from the scenario library.`);
  if (!scenario.levels.includes(input.level)) {
    throw new NotFoundError(`"${scenario.title}" is not written for the ${input.level} level (it covers ${scenario.levels.join(', ')}).`);
  }
  assertCanCreateInterviewOn(scenario.slug, await openCandidacies(creatorId));
  const id = newInterviewId();
  await db().interview.create({
    data: {
      id,
      ...scenarioFields(scenario),
      level: input.level,
      durationMinutes: input.durationMinutes,
      mode: input.mode,
      scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null,
      priceCents: input.priceCents ?? null,
      createdById: creatorId,
      participants: { create: { userId: creatorId, role: 'interviewer' } },
    },
  });
  const { appUrl } = getRuntime();
  const invites = {} as Record<Role, string>;
  for (const role of ['candidate', 'interviewer', 'observer'] as const) invites[role] = inviteUrl(appUrl, await issueInvite(id, role));
  return { id, roomUrl: `${appUrl}/interviews/${id}`, invites };
}

/** The frozen copy of a scenario an interview keeps (also used by matching, which creates interviews in its own transaction). */
export function snapshotOf(scenario: Scenario): ScenarioSnapshot {
  return { v: SNAPSHOT_VERSION, ...scenario };
}

/**
 * What an interview keeps of its scenario: a snapshot of the version it was
 * made from, so later edits to the library never change a session already run.
 * Shared by every way an interview is made (created, or a peer's round 2).
 */
export function scenarioFields(scenario: Scenario) {
  return { scenarioSlug: scenario.slug, scenarioVersion: scenario.version, scenarioSnapshot: snapshotOf(scenario), title: scenario.title };
}

export interface MemberView {
  interview: {
    id: string;
    title: string;
    status: InterviewStatus;
    level: string;
    durationMinutes: number;
    mode: 'peer' | 'coach';
    scheduledAt: Date | null;
    startedAt: Date | null;
    endedAt: Date | null;
    /** Who created it: the one person who may delete it or its recordings. */
    createdById: string;
  };
  actor: Actor;
}

/** The caller's view of an interview, or 404 when it does not exist; role is null for outsiders. */
/** An interview as one caller sees it, with the scenario snapshot it was created from. */
export type LoadedInterview = MemberView & { snapshot: ScenarioSnapshot };

const MEMBER_FIELDS = {
  id: true, title: true, status: true, level: true, durationMinutes: true, mode: true, scheduledAt: true, startedAt: true, endedAt: true, createdById: true,
} as const;

/** The interview and the caller's role, without the scenario snapshot (see memberRoute). */
export async function loadMember(interviewId: string, userId: string): Promise<MemberView> {
  const row = await db().interview.findUnique({
    where: { id: interviewId },
    select: { ...MEMBER_FIELDS, participants: { where: { userId }, select: { role: true } } },
  });
  if (!row) throw new NotFoundError('No interview with that id.');
  const { participants, ...interview } = row;
  return { interview, actor: { userId, role: participants[0]?.role ?? null } };
}

export async function loadForActor(interviewId: string, userId: string): Promise<LoadedInterview> {
  const row = await db().interview.findUnique({
    where: { id: interviewId },
    include: { participants: { where: { userId }, select: { role: true } } },
  });
  if (!row) throw new NotFoundError('No interview with that id.');
  const { participants, scenarioSnapshot, ...rest } = row;
  return {
    interview: {
      id: rest.id, title: rest.title, status: rest.status, level: rest.level, durationMinutes: rest.durationMinutes,
      mode: rest.mode, scheduledAt: rest.scheduledAt, startedAt: rest.startedAt, endedAt: rest.endedAt, createdById: rest.createdById,
    },
    actor: { userId, role: participants[0]?.role ?? null },
    snapshot: readScenarioSnapshot(interviewId, scenarioSnapshot),
  };
}

/** Loads and authorizes in one step; throws 404 or 403 with a clear message. */
export async function authorize(interviewId: string, userId: string, action: Action) {
  const view = await loadForActor(interviewId, userId);
  assertCan(view.actor, action, view.interview);
  return view;
}

/**
 * The same decision as `authorize`, reading only the caller's role and the
 * interview's status. For hot paths that check on every message (call
 * signalling sends a dozen ICE candidates per connection), where loading the
 * scenario snapshot each time would be wasted work.
 */
export async function authorizeLean(interviewId: string, userId: string, action: Action): Promise<{ actor: Actor; interview: { status: InterviewStatus } }> {
  const interview = await db().interview.findUnique({
    where: { id: interviewId },
    select: { status: true, participants: { where: { userId }, select: { role: true } } },
  });
  if (!interview) throw new NotFoundError('No interview with that id.');
  const actor = { userId, role: interview.participants[0]?.role ?? null };
  assertCan(actor, action, interview);
  return { actor, interview: { status: interview.status } };
}

export interface InterviewListItem {
  id: string;
  title: string;
  role: Role;
  status: InterviewStatus;
  level: string;
  durationMinutes: number;
  mode: 'peer' | 'coach';
  scheduledAt: Date | null;
  /** Set when the session was called off; it stays listed, as cancelled. */
  cancelledAt: Date | null;
  /** The policy's 'schedule.manage' for this user, while the time can still change (not begun, ended or cancelled). */
  canManageSchedule: boolean;
  createdAt: Date;
  /** Feedback has been released and this user may read it. */
  feedbackReleased: boolean;
  /** Everyone else in the interview, by role, so a row can say who it is with. Names only: no emails. */
  others: { name: string; role: Role }[];
  /** A coached session's price and paid state, for those the policy lets read them (null otherwise, or without a price). */
  billing: { priceCents: number; paid: boolean } | null;
  /** Round 1 or 2 of a peer session whose roles were swapped, with the other round's id. */
  round: RoundLink | null;
}

/** What the dashboard calls someone who signed up without a name (OAuth can leave it empty); never their email. */
export const UNNAMED_PARTICIPANT = 'Unnamed participant';

const ROLE_ORDER: Record<Role, number> = { interviewer: 0, candidate: 1, observer: 2 };

export async function listInterviews(userId: string): Promise<Record<InterviewStatus, InterviewListItem[]>> {
  const rows = await db().participant.findMany({
    where: { userId },
    include: {
      interview: {
        include: {
          participants: { where: { userId: { not: userId } }, select: { role: true, joinedAt: true, user: { select: { name: true } } } },
          nextRound: { select: { id: true } },
        },
      },
    },
    orderBy: { joinedAt: 'desc' },
    take: 200,
  });
  const grouped: Record<InterviewStatus, InterviewListItem[]> = { scheduled: [], live: [], ended: [] };
  const withFeedback = await interviewsWithFeedback(rows.filter((r) => r.interview.status === 'ended').map((r) => r.interview.id));
  for (const { role, interview: i } of rows) {
    const others = [...i.participants]
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.joinedAt.getTime() - b.joinedAt.getTime())
      .map((p) => ({ name: p.user.name?.trim() || UNNAMED_PARTICIPANT, role: p.role }));
    grouped[i.status].push({
      id: i.id, title: i.title, role, status: i.status, level: i.level, durationMinutes: i.durationMinutes,
      mode: i.mode, scheduledAt: i.scheduledAt, cancelledAt: i.cancelledAt, createdAt: i.createdAt,
      canManageSchedule: i.status === 'scheduled' && !i.cancelledAt && can({ userId, role }, 'schedule.manage', i),
      feedbackReleased: withFeedback.has(i.id) && can({ userId, role }, 'feedback.read', i),
      others,
      billing: i.mode === 'coach' && i.priceCents !== null && can({ userId, role }, 'billing.read', i) ? { priceCents: i.priceCents, paid: i.paid } : null,
      round: roundLinkOf(i),
    });
  }
  return grouped;
}

/**
 * Interview ids (of those given) with at least one feedback release, for the
 * dashboard. Read here rather than through server/rubric, which depends on
 * this module: the folders' imports point one way.
 */
export async function interviewsWithFeedback(interviewIds: string[]): Promise<Set<string>> {
  if (!interviewIds.length) return new Set();
  const rows = await db().feedbackRelease.findMany({ where: { interviewId: { in: interviewIds } }, select: { interviewId: true }, distinct: ['interviewId'] });
  return new Set(rows.map((r) => r.interviewId));
}

/**
 * Ends the interview: the board freezes, the timer stops taking commands, and
 * everyone in the room is told. `view` must already be authorized for
 * 'interview.end' (the route wrapper does it, as for every other action).
 */
export async function endInterview(view: MemberView): Promise<{ endedAt: Date }> {
  const endedAt = new Date();
  await db().interview.update({ where: { id: view.interview.id }, data: { status: 'ended', endedAt } });
  eventBus().publish('interview-ended', { interviewId: view.interview.id });
  return { endedAt };
}

/**
 * Whether this caller may delete the interview now: only its creator, and
 * not while it is live (people are in it: end it first). Asked before its
 * recordings go, which the route deletes first (server/recordings depends on
 * this folder, not the other way).
 */
export function assertDeletable(view: MemberView): void {
  assertCan(view.actor, 'interview.delete', view.interview, { authorId: view.interview.createdById });
  if (view.interview.status === 'live') throw new ConflictError('The interview is live. End it before deleting it.');
}

/**
 * Deletes the interview and every row that hangs off it (the schema
 * cascades), but only once it has no recording left: a recording's bytes must
 * go before its row. False when one appeared meanwhile (delete those, retry).
 */
export async function deleteInterview(view: MemberView): Promise<boolean> {
  const { count } = await db().interview.deleteMany({ where: { id: view.interview.id, recordings: { none: {} } } });
  return count === 1;
}

/**
 * The scenario hold-back for an action on an interview the caller may already
 * act on by role: only guide actions pay for the extra query.
 */
export async function assertScenarioHoldBack(view: LoadedInterview, action: Action): Promise<void> {
  if (!isGuideAction(action)) return;
  assertCanActOnScenario(action, view.snapshot.slug, await openCandidacies(view.actor.userId));
}

/**
 * Scenarios this user is about to be (or is being) interviewed on as the
 * candidate. The library's interviewer guides stay closed to them until those
 * interviews end, so the scenario pages cannot be a side door around the room.
 */
export async function openCandidacies(userId: string): Promise<Set<string>> {
  const rows = await db().participant.findMany({
    where: { userId, role: 'candidate', interview: { status: { in: ['scheduled', 'live'] } } },
    select: { interview: { select: { scenarioSlug: true } } },
  });
  return new Set(rows.map((r) => r.interview.scenarioSlug));
}
