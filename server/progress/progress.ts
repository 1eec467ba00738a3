/**
 * The signed-in user's progress as a candidate. Reads FeedbackRelease.content
 * (the frozen, released documents) and nothing else of an evaluation: an
 * unreleased score, or one given in a session where the user interviewed,
 * never reaches these numbers. Each round of a peer session is its own
 * interview, so both count wherever the user was the candidate.
 */
import { REPRACTICE_DAYS, WEAKEST_WINDOW, type Progress, type ReminderView } from '../../lib/api/progress';
import type { ReleasedFeedback } from '../../lib/rubric/evaluation';
import { db } from '../db/client';
import { readFeedbackContent } from '../db/json-columns';
import { openCandidacies } from '../interviews/service';
import { scenarioLibrary } from '../scenarios/library';
import { repeatedRedFlags, scoredDimensions, summarizeSession, weakestDimensions, type ReleasedSession } from './aggregate';
import { interviewingRatings } from './interviewing';
import { coverageOf, rankScenarios, type Suggestion } from './suggest';

/** A scenario taken part in (any role: an interviewer has read its guide) this recently is not suggested again. */
export const RECENT_DAYS = 30;
const DAY_MS = 86_400_000;

/** The sessions the user was the candidate in that have at least one release, oldest first. */
export async function releasedSessions(userId: string): Promise<ReleasedSession[]> {
  const rows = await db().participant.findMany({
    where: { userId, role: 'candidate', interview: { feedbackReleases: { some: {} } } },
    select: {
      interview: {
        select: {
          id: true,
          title: true,
          scenarioSlug: true,
          endedAt: true,
          feedbackReleases: { orderBy: { releasedAt: 'asc' }, select: { content: true, releasedAt: true } },
        },
      },
    },
  });
  return rows
    .map(({ interview }) => ({
      interviewId: interview.id,
      title: interview.title,
      scenarioSlug: interview.scenarioSlug,
      heldAt: interview.endedAt ?? interview.feedbackReleases[0]!.releasedAt,
      releases: interview.feedbackReleases.map((r): ReleasedFeedback => {
        const { v: _version, ...released } = readFeedbackContent(interview.id, r.content);
        return released;
      }),
    }))
    .sort((a, b) => a.heldAt.getTime() - b.heldAt.getTime() || a.interviewId.localeCompare(b.interviewId));
}

/** Scenarios not to suggest: taken part in lately (not cancelled), or an interview as candidate still ahead. */
async function recentScenarios(userId: string, now: Date): Promise<Set<string>> {
  const since = new Date(now.getTime() - RECENT_DAYS * DAY_MS);
  const rows = await db().participant.findMany({
    where: {
      userId,
      interview: { cancelledAt: null, OR: [{ createdAt: { gte: since } }, { endedAt: { gte: since } }, { scheduledAt: { gte: since } }] },
    },
    select: { interview: { select: { scenarioSlug: true } } },
  });
  return new Set([...rows.map((r) => r.interview.scenarioSlug), ...(await openCandidacies(userId))]);
}

export const reminderView = (r: { interviewId: string; dayOffset: number; dueAt: Date; sentAt: Date | null }): ReminderView => ({
  interviewId: r.interviewId,
  dayOffset: r.dayOffset,
  dueAt: r.dueAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
});

/** The day the last reminder of a session ended at `endedAt` would go out. */
export const lastRepracticeDay = (endedAt: Date) => new Date(endedAt.getTime() + Math.max(...REPRACTICE_DAYS) * DAY_MS);

/** The user's weakest dimensions and the scenarios that exercise them, from their released sessions. */
export async function weakestAndSuggested(userId: string, sessions: ReleasedSession[], now: Date) {
  const summaries = sessions.map(summarizeSession);
  const dimensions = scoredDimensions(sessions);
  const weakest = weakestDimensions(summaries, dimensions, WEAKEST_WINDOW);
  const suggestions: Suggestion[] = rankScenarios(weakest, scenarioLibrary().scenarios.map(coverageOf), await recentScenarios(userId, now));
  return { summaries, dimensions, weakest, suggestions };
}

export async function readProgress(userId: string, now = new Date()): Promise<Progress> {
  const sessions = await releasedSessions(userId);
  const { summaries, dimensions, weakest, suggestions } = await weakestAndSuggested(userId, sessions, now);
  const reminders = await db().repracticeReminder.findMany({
    where: { userId },
    orderBy: [{ dueAt: 'asc' }, { dayOffset: 'asc' }],
    select: { interviewId: true, dayOffset: true, dueAt: true, sentAt: true, interview: { select: { title: true } } },
  });
  return {
    sessions: summaries.map((s) => ({
      interviewId: s.interviewId,
      title: s.title,
      scenarioSlug: s.scenarioSlug,
      heldAt: s.heldAt.toISOString(),
      releases: s.releases,
      scores: s.scores,
      levelEstimates: s.levelEstimates,
      redFlags: s.redFlags,
      redFlagsReleased: s.redFlagsReleased,
      reminders: reminders.filter((r) => r.interviewId === s.interviewId).map(reminderView),
      canRemind: lastRepracticeDay(s.heldAt) > now,
    })),
    interviewing: await interviewingRatings(userId),
    dimensions,
    weakest,
    repeatedRedFlags: repeatedRedFlags(summaries).map((f) => ({ ...f, lastSeen: f.lastSeen.toISOString() })),
    suggestions: suggestions.map(({ fit: _fit, ...s }) => s),
    upcoming: reminders.filter((r) => r.sentAt === null).map((r) => ({ ...reminderView(r), title: r.interview.title })),
  };
}
