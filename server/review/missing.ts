/**
 * What a review lacks, and why, in words for its reader: a review with no
 * recording, no board edits or no marks still explains itself ("not
 * recorded: Cal Candidate declined") instead of showing empty panes.
 */
import type { Marker, Review, ReviewScope } from '../../lib/api/review';
import type { Timeline } from '../../lib/review/timeline';
import { db } from '../db/client';
import type { LoadedInterview } from '../interviews/service';

interface Known {
  timeline: Timeline;
  markers: Marker[];
  /** Null when the scope has no replay (nothing was loaded). */
  boardUpdates: number | null;
  recordings: { userId: string; status: string; failure: string | null }[];
  names: ReadonlyMap<string, string>;
  people: { role: string; user: { id: string } }[];
}

type Missing = Review['missing'];

export async function missingParts(view: LoadedInterview, scope: ReviewScope, known: Known): Promise<Missing> {
  const missing: Missing = [];
  if (!known.timeline.timed) {
    missing.push({ part: 'phases', reason: 'The timer was never started, so there are no phase bands; the timeline runs from the first board edit to the end.' });
  }
  if (!scope.replay) {
    const reason = 'The board replay and the recordings were not released to you.';
    missing.push({ part: 'board', reason }, { part: 'recording', reason });
  } else {
    if (known.boardUpdates === 0) missing.push({ part: 'board', reason: 'No one drew on the board in this session.' });
    missing.push(...(await recordingGaps(view, known)));
  }
  if (known.markers.length === 0) {
    missing.push({
      part: 'marks',
      reason: scope.interviewerOnly
        ? 'No notes, ticks, score changes or cards were recorded during this session.'
        : scope.scores
          ? 'No cards were played and no signals were ticked in what was released to you.'
          : 'No cards were played in this session, and the scores were not released to you.',
    });
  }
  return missing;
}

/** Per person who took part, why there is no playable file of them. */
async function recordingGaps(view: LoadedInterview, known: Known): Promise<Missing> {
  const sessions = await db().recordingSession.count({ where: { interviewId: view.interview.id } });
  if (sessions === 0) return [{ part: 'recording', reason: 'Not recorded: no one pressed Record in this session.' }];
  const decisions = await db().recordingConsent.findMany({
    where: { session: { interviewId: view.interview.id } },
    orderBy: { decidedAt: 'asc' },
    select: { userId: true, decision: true },
  });
  const last = new Map(decisions.map((d) => [d.userId, d.decision]));
  const gaps: Missing = [];
  for (const person of known.people) {
    if (person.role === 'observer') continue;
    const id = person.user.id;
    const name = known.names.get(id) ?? 'Someone';
    const files = known.recordings.filter((r) => r.userId === id);
    const failed = files.find((r) => r.status === 'failed');
    if (failed) gaps.push({ part: 'recording', reason: `${name}'s recording failed${failed.failure ? `: ${failed.failure}` : '.'}` });
    if (files.length > 0) continue;
    const decision = last.get(id);
    gaps.push({
      part: 'recording',
      reason:
        decision === 'declined'
          ? `Not recorded: ${name} declined.`
          : decision === 'withdrawn'
            ? `Not recorded: ${name} withdrew consent, so their recording was deleted.`
            : decision === 'allowed'
              ? `${name}'s recording was deleted.`
              : `Not recorded: ${name} never answered the request to record.`,
    });
  }
  return gaps;
}
