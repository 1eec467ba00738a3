/**
 * One session's review, assembled for one scope: the axis and phase bands
 * from the timer's log, the markers, the board's replay track, the
 * recordings and the side panel, plus what is missing and why. Everything
 * outside the scope is left out here, so no page or route can leak it.
 */
import type { Review, ReviewScope } from '../../lib/api/review';
import { displayName } from '../../lib/auth/display-name';
import { buildTimeline, toAxis, type Timeline } from '../../lib/review/timeline';
import { toTimerPhases } from '../../lib/timer/timer';
import { db } from '../db/client';
import { readTimerEventPayload } from '../db/json-columns';
import { rawPool } from '../db/raw-pool';
import type { LoadedInterview } from '../interviews/service';
import { listRevealedCards } from '../rubric/cards';
import { listReleasedFeedback } from '../rubric/feedback';
import { listNotes } from '../rubric/notes';
import { phasesOf } from '../timer/phases';
import { boardTrack } from './board-track';
import { buildMarkers, loadEvaluations } from './markers';
import { missingParts } from './missing';
import { boardFor } from './board-cache';

export type ReviewVia = { kind: 'member' } | { kind: 'share'; token: string; sharedBy: string };

async function firstBoardEdit(interviewId: string): Promise<number | null> {
  const { rows } = await rawPool('review', 2).query<{ first: number | null }>({
    name: 'review-board-first',
    text: `SELECT (extract(epoch FROM min("createdAt")) * 1000)::float8 AS first FROM "BoardUpdate" WHERE "interviewId" = $1`,
    values: [interviewId],
  });
  return rows[0]?.first ?? null;
}

/** The axis: the first timer start to the end; without a timer start, from the interview's start or its first board edit. */
export async function loadTimeline(view: LoadedInterview): Promise<Timeline> {
  const { interview } = view;
  const events = await db().timerEvent.findMany({ where: { interviewId: interview.id }, orderBy: { seq: 'asc' } });
  const end = (interview.endedAt ?? new Date()).getTime();
  const fallback = interview.startedAt?.getTime() ?? (await firstBoardEdit(interview.id)) ?? end;
  const commands = events.map((e) => {
    const { v: _version, ...command } = readTimerEventPayload(interview.id, e.payload);
    return { at: e.at.getTime(), command };
  });
  return buildTimeline(toTimerPhases(phasesOf(view)), commands, fallback, end);
}

function withShare(url: string, via: ReviewVia): string {
  return via.kind === 'share' ? `${url}?share=${encodeURIComponent(via.token)}` : url;
}

export async function buildReview(view: LoadedInterview, scope: ReviewScope, via: ReviewVia): Promise<Review> {
  const { interview } = view;
  const [timeline, cards, notes, evaluations, people, recordings] = await Promise.all([
    loadTimeline(view),
    scope.phases ? listRevealedCards(view) : Promise.resolve([]),
    scope.interviewerOnly ? listNotes(view) : Promise.resolve([]),
    loadEvaluations(interview.id),
    db().participant.findMany({ where: { interviewId: interview.id }, select: { role: true, user: { select: { id: true, name: true, email: true } } } }),
    scope.replay
      ? db().recording.findMany({
          where: { interviewId: interview.id, status: { not: 'deleting' } },
          orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
          select: { id: true, userId: true, status: true, startedAt: true, durationMs: true, failure: true },
        })
      : Promise.resolve([]),
  ]);
  const names = new Map(people.map((p) => [p.user.id, displayName(p.user)]));
  const markers = buildMarkers(view, scope, timeline, { cards, notes, evaluations });
  const busyAt = [...markers.map((m) => m.atMs), ...timeline.phases.flatMap((p) => p.spans.map((s) => s.fromMs))];
  const built = scope.replay ? await boardFor(interview.id, timeline) : null;
  const base = `/api/interviews/${encodeURIComponent(interview.id)}/review`;
  return {
    interview: { id: interview.id, title: interview.title, level: interview.level, durationMinutes: interview.durationMinutes, endedAt: interview.endedAt?.toISOString() ?? null },
    viewer: { scope, via: via.kind, sharedBy: via.kind === 'share' ? via.sharedBy : null },
    axis: { startedAt: new Date(timeline.originAt).toISOString(), durationMs: timeline.durationMs, timed: timeline.timed },
    phases: scope.phases ? timeline.phases : [],
    markers,
    board: built ? boardTrack(built, timeline, names, busyAt) : null,
    recordings: recordings.map((r) => ({
      id: r.id,
      person: { userId: r.userId, name: names.get(r.userId) ?? 'Someone no longer in this interview' },
      offsetMs: r.startedAt.getTime() - timeline.originAt,
      durationMs: r.durationMs,
      status: r.status as 'recording' | 'stopped' | 'finished' | 'failed',
      mediaUrl: withShare(`${base}/media/${encodeURIComponent(r.id)}`, via),
    })),
    missing: await missingParts(view, scope, { timeline, markers, boardUpdates: built?.times.length ?? null, recordings, names, people }),
    panel: scope.interviewerOnly
      ? {
          kind: 'interviewer',
          evaluations: evaluations.map((e) => ({
            evaluatorName: e.evaluatorName,
            scores: view.snapshot.rubric.dimensions.map((d) => ({ dimensionId: d.id, title: d.title, score: e.row.scores.find((s) => s.dimensionId === d.id)?.score ?? null })),
            recommendation: e.row.recommendation,
            levelEstimate: e.row.levelEstimate,
            candidateFeedback: e.row.candidateFeedback,
            releasedAt: e.releasedAt?.toISOString() ?? null,
          })),
          notes: notes.map((n) => ({ id: n.id, text: n.text, authorName: n.authorName, atMs: toAxis(timeline, new Date(n.createdAt).getTime()), sessionMs: n.sessionMs, phaseTitle: n.phaseTitle })),
        }
      : { kind: 'released', releases: await listReleasedFeedback(interview.id), cards: scope.phases ? cards : [] },
  };
}

