/**
 * Time windows for matching, as plain milliseconds so the browser's form and
 * the server's matcher do the same arithmetic.
 *
 * A peer session is two rounds of the 45-minute agenda (every scenario has a
 * 45-minute variant), back to back with roles swapped: 90 minutes that must
 * fit inside both people's windows, starting on the hour or half hour.
 */
export const ROUND_MINUTES = 45;
export const SESSION_MINUTES = 2 * ROUND_MINUTES;
export const SESSION_MS = SESSION_MINUTES * 60_000;
/** Sessions start on the hour or half hour: easier to agree on, and to read in a calendar. */
export const START_STEP_MS = 30 * 60_000;
/** Windows are picked over the next 14 days. */
export const HORIZON_DAYS = 14;
export const HORIZON_MS = HORIZON_DAYS * 24 * 3_600_000;
/** A window longer than a working day says "any time", which matching cannot act on fairly. */
export const MAX_WINDOW_HOURS = 12;
export const MAX_WINDOW_MS = MAX_WINDOW_HOURS * 3_600_000;
export const MAX_WINDOWS = 20;
/** No one is booked into a session starting sooner than this: time to see the invitation. */
export const MIN_LEAD_MS = 30 * 60_000;

export interface Window {
  start: number;
  end: number;
}

export function alignUp(ms: number, step = START_STEP_MS): number {
  return Math.ceil(ms / step) * step;
}

/** The first start for a match made at `now`. */
export function earliestStart(now: number): number {
  return alignUp(now + MIN_LEAD_MS);
}

/** The earliest aligned start at or after `notBefore` at which a whole session fits in both windows, or null. */
export function commonStart(a: Window, b: Window, notBefore: number): number | null {
  const start = alignUp(Math.max(a.start, b.start, notBefore));
  return start + SESSION_MS <= Math.min(a.end, b.end) ? start : null;
}

/** The earliest start over every pair of windows, or null when none fits. */
export function earliestCommonStart(mine: readonly Window[], theirs: readonly Window[], notBefore: number): number | null {
  let best: number | null = null;
  for (const a of mine) {
    for (const b of theirs) {
      const start = commonStart(a, b, notBefore);
      if (start !== null && (best === null || start < best)) best = start;
    }
  }
  return best;
}

/** Every aligned start (up to `limit`) at which a session fits in both sets of windows, in order. */
export function commonStarts(mine: readonly Window[], theirs: readonly Window[], notBefore: number, limit = 48): number[] {
  const starts = new Set<number>();
  for (const a of mine) {
    for (const b of theirs) {
      const end = Math.min(a.end, b.end);
      for (let s = commonStart(a, b, notBefore); s !== null && s + SESSION_MS <= end; s += START_STEP_MS) starts.add(s);
    }
  }
  return [...starts].sort((x, y) => x - y).slice(0, limit);
}

/** Whether a session starting at `start` fits inside one of `windows`. */
export function fitsIn(start: number, windows: readonly Window[]): boolean {
  return windows.some((w) => w.start <= start && start + SESSION_MS <= w.end);
}

/**
 * The index (in the given order) of the first window that overlaps an
 * earlier-starting one, or -1. Touching ends (one ends at 10:00, the next
 * starts at 10:00) do not overlap.
 */
export function firstOverlap(windows: readonly Window[]): number {
  const order = windows.map((w, i) => ({ ...w, i })).sort((a, b) => a.start - b.start || a.i - b.i);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (cur.start < prev.end) return Math.max(prev.i, cur.i);
  }
  return -1;
}

/** Whether two sessions (each SESSION_MS long) starting at these times overlap. */
export function sessionsOverlap(a: number, b: number): boolean {
  return Math.abs(a - b) < SESSION_MS;
}

/** The earliest common start that overlaps none of the `busy` sessions (their start times), or null. */
export function firstFreeStart(mine: readonly Window[], theirs: readonly Window[], notBefore: number, busy: readonly number[]): number | null {
  if (!busy.length) return earliestCommonStart(mine, theirs, notBefore);
  return commonStarts(mine, theirs, notBefore, Number.MAX_SAFE_INTEGER).find((s) => !busy.some((b) => sessionsOverlap(s, b))) ?? null;
}
