/**
 * Progress arithmetic over released feedback only. Pure: the caller loads
 * the releases (server/progress/progress.ts), these functions never see an
 * evaluation row, so nothing unreleased can leak into a chart.
 */
import type { LevelEstimate, ReleasedFeedback } from '../../lib/rubric/evaluation';

/** One interview the user was the candidate in, with every release made for it. */
export interface ReleasedSession {
  interviewId: string;
  title: string;
  scenarioSlug: string;
  heldAt: Date;
  releases: ReleasedFeedback[];
}

export interface SessionSummary {
  interviewId: string;
  title: string;
  scenarioSlug: string;
  heldAt: Date;
  releases: number;
  /** Mean released score per dimension (co-interviewers' scores are averaged). */
  scores: Record<string, number>;
  levelEstimates: LevelEstimate[];
  redFlags: string[];
  redFlagsReleased: boolean;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function summarizeSession(session: ReleasedSession): SessionSummary {
  const byDimension = new Map<string, number[]>();
  for (const release of session.releases) {
    for (const d of release.dimensions ?? []) {
      if (typeof d.score !== 'number') continue;
      byDimension.set(d.id, [...(byDimension.get(d.id) ?? []), d.score]);
    }
  }
  return {
    interviewId: session.interviewId,
    title: session.title,
    scenarioSlug: session.scenarioSlug,
    heldAt: session.heldAt,
    releases: session.releases.length,
    scores: Object.fromEntries([...byDimension].map(([id, scores]) => [id, mean(scores)])),
    levelEstimates: session.releases.flatMap((r) => (r.levelEstimate ? [r.levelEstimate] : [])),
    // Two interviewers ticking the same flag saw it once in this session.
    redFlags: [...new Set(session.releases.flatMap((r) => r.redFlags ?? []))],
    redFlagsReleased: session.releases.some((r) => r.redFlags !== undefined),
  };
}

/** Every dimension that has a released score, in the order the releases list them (the rubric's). */
export function scoredDimensions(sessions: readonly ReleasedSession[]): { id: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const session of sessions) {
    for (const release of session.releases) {
      for (const d of release.dimensions ?? []) if (typeof d.score === 'number' && !seen.has(d.id)) seen.set(d.id, d.title);
    }
  }
  return [...seen].map(([id, title]) => ({ id, title }));
}

export interface WeakDimension {
  id: string;
  title: string;
  average: number;
  /** How many of the window's sessions scored it. */
  sessions: number;
}

/**
 * The lowest averages over the latest `window` sessions that released any
 * score. Ties go to the dimension with more evidence, then to rubric order.
 */
export function weakestDimensions(
  summaries: readonly SessionSummary[],
  dimensions: readonly { id: string; title: string }[],
  window: number,
  limit = 3,
): WeakDimension[] {
  const recent = [...summaries]
    .filter((s) => Object.keys(s.scores).length > 0)
    .sort((a, b) => a.heldAt.getTime() - b.heldAt.getTime())
    .slice(-window);
  return dimensions
    .map((d, order) => {
      const scores = recent.flatMap((s) => (d.id in s.scores ? [s.scores[d.id]!] : []));
      return { ...d, order, scores };
    })
    .filter((d) => d.scores.length > 0)
    .map(({ id, title, order, scores }) => ({ id, title, order, average: mean(scores), sessions: scores.length }))
    .sort((a, b) => a.average - b.average || b.sessions - a.sessions || a.order - b.order)
    .slice(0, limit)
    .map(({ order: _order, ...weak }) => weak);
}

/** Red flags released in two or more sessions, most sessions first, then the most recently seen. */
export function repeatedRedFlags(summaries: readonly SessionSummary[]): { title: string; sessions: number; lastSeen: Date }[] {
  const seen = new Map<string, { sessions: number; lastSeen: Date }>();
  for (const s of summaries) {
    for (const title of s.redFlags) {
      const entry = seen.get(title);
      if (!entry) seen.set(title, { sessions: 1, lastSeen: s.heldAt });
      else seen.set(title, { sessions: entry.sessions + 1, lastSeen: s.heldAt > entry.lastSeen ? s.heldAt : entry.lastSeen });
    }
  }
  return [...seen]
    .filter(([, v]) => v.sessions > 1)
    .map(([title, v]) => ({ title, ...v }))
    .sort((a, b) => b.sessions - a.sessions || b.lastSeen.getTime() - a.lastSeen.getTime() || a.title.localeCompare(b.title));
}
