/**
 * The one way the app writes a moment for people to read: always in a named
 * IANA zone (the viewer's, from their settings), never in the server's or a
 * hard-coded UTC. Pages say which zone once (see app/_components/zone-note.tsx)
 * rather than on every line.
 */
import { zoneOrFallback } from './zones';

const LOCALE = 'en-GB';

function formatter(zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALE, { ...options, timeZone: zoneOrFallback(zone) });
}

const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

/** "1 Dec 2026, 15:30" in `zone`. */
export function formatDateTime(value: Date | string | number, zone: string): string {
  return formatter(zone, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));
}

/** "1 Dec 2026" in `zone`. */
export function formatDate(value: Date | string | number, zone: string): string {
  return formatter(zone, { dateStyle: 'medium' }).format(toDate(value));
}

/** "15:30" in `zone`. */
export function formatTime(value: Date | string | number, zone: string): string {
  return formatter(zone, { timeStyle: 'short' }).format(toDate(value));
}

/** The short offset name ("GMT+1") of `zone` at that moment, for a zone named once per page. */
export function zoneOffset(value: Date | string | number, zone: string): string {
  const part = formatter(zone, { timeZoneName: 'shortOffset' })
    .formatToParts(toDate(value))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zoneOrFallback(zone);
}

/** Elapsed time as a clock reads it: 5:09, or 1:05:09 from an hour on (negative times read 0:00). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
