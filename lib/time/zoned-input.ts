/**
 * A <input type="datetime-local"> value ("2026-12-01T15:30") means a wall
 * clock, and the browser would read it in the machine's zone. Mockroom reads
 * it in the user's chosen zone (their settings), the zone every page shows.
 */
import { zoneOrFallback } from './zones';

const pad = (n: number) => String(n).padStart(2, '0');

/** The wall clock of `at` in `zone` as fields, via Intl (hour 24 → 0). */
function wallFields(at: Date, zone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zoneOrFallback(zone), hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour') % 24, get('minute'), get('second')];
}

/** `zone`'s offset from UTC at `at`, in ms (Berlin in winter: +3 600 000). */
function offsetMs(at: Date, zone: string): number {
  const [y, mo, d, h, mi, s] = wallFields(at, zone) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(at.getTime() / 1000) * 1000;
}

/** "YYYY-MM-DDTHH:mm" of `value` in `zone`, for a datetime-local input. */
export function toZonedInput(value: Date | string, zone: string): string {
  const [y, mo, d, h, mi] = wallFields(new Date(value), zone) as [number, number, number, number, number];
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}`;
}

/**
 * The moment a datetime-local value names in `zone`, or null when it is not
 * one. A wall time skipped by a DST change reads as the moment an hour on.
 */
export function fromZonedInput(local: string, zone: string): Date | null {
  const match = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(asUtc)) return null;
  // The offset at the guess, then at the corrected moment (they differ only near a DST change).
  const first = asUtc - offsetMs(new Date(asUtc), zone);
  return new Date(asUtc - offsetMs(new Date(first), zone));
}
