/**
 * The board's part of a review: where its replay segments start on the
 * axis, who drew when, and the idle stretches "skip idle" jumps over. The
 * segments' bytes are served one at a time (segmentBytes), so opening a
 * review never ships the whole log.
 */
import type { BoardTrack } from '../../lib/api/review';
import type { BoardReplay } from '../../lib/review/board-replay';
import { encodeSegment } from '../../lib/review/segment-codec';
import { toAxis, type Timeline } from '../../lib/review/timeline';

/** Aim for about this many activity buckets across the axis, each at least 5 s. */
const ACTIVITY_BUCKETS = 240;
const MIN_BUCKET_MS = 5_000;
/** A stretch with nothing happening for longer than this is idle; skipping leaves a short lead-in. */
export const IDLE_MS = 30_000;
const IDLE_LEAD_MS = 2_000;

export function bucketMsFor(durationMs: number): number {
  return Math.max(MIN_BUCKET_MS, Math.ceil(durationMs / ACTIVITY_BUCKETS / 1000) * 1000);
}

export function boardTrack(replay: BoardReplay, timeline: Timeline, names: ReadonlyMap<string, string>, busyAt: readonly number[]): BoardTrack {
  const times = replay.updateTimes;
  const segments = Array.from({ length: replay.segmentCount }, (_, index) => {
    const first = index * replay.every;
    return { index, fromMs: toAxis(timeline, times[first]!), count: Math.min(replay.every, times.length - first) };
  });
  const bucketMs = bucketMsFor(timeline.durationMs);
  const bucketCount = Math.max(1, Math.ceil(timeline.durationMs / bucketMs));
  const people = new Map<string, number[]>();
  replay.entries.forEach((update, i) => {
    if (!update.userId) return;
    let buckets = people.get(update.userId);
    if (!buckets) people.set(update.userId, (buckets = new Array<number>(bucketCount).fill(0)));
    buckets[Math.min(bucketCount - 1, Math.floor(toAxis(timeline, times[i]!) / bucketMs))]! += 1;
  });
  return {
    updates: times.length,
    segments,
    activity: {
      bucketMs,
      people: [...people].map(([userId, buckets]) => ({ userId, name: names.get(userId) ?? 'Someone no longer in this interview', buckets })),
    },
    idle: idleStretches([...times.map((t) => toAxis(timeline, t)), ...busyAt], timeline.durationMs),
  };
}

/** Gaps longer than IDLE_MS between moments where something happened, minus a short lead-in before the next one. */
export function idleStretches(busyAt: readonly number[], durationMs: number): { fromMs: number; toMs: number }[] {
  const moments = [0, ...busyAt, durationMs].filter((t) => t >= 0 && t <= durationMs).sort((a, b) => a - b);
  const idle: { fromMs: number; toMs: number }[] = [];
  for (let i = 1; i < moments.length; i++) {
    const from = moments[i - 1]!;
    const to = moments[i]! - IDLE_LEAD_MS;
    if (moments[i]! - from > IDLE_MS && to > from) idle.push({ fromMs: from, toMs: to });
  }
  return idle;
}

/** Segment `index`, its times moved onto the review's axis. */
export function segmentBytes(replay: BoardReplay, timeline: Pick<Timeline, 'originAt' | 'durationMs'>, index: number): Uint8Array {
  const segment = replay.segment(index);
  return encodeSegment({
    checkpoint: segment.checkpoint,
    // Not clamped below 0: edits before the first timer start belong to the board at 0 and keep their order. Clamped
    // at the end: the last batch can be stored just after the end, and the board at the end must include it.
    times: segment.times.map((t) => Math.min(t - timeline.originAt, timeline.durationMs)),
    updates: segment.updates.map((u) => u.update),
  });
}
