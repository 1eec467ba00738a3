/**
 * Wall-clock dates and times in a named zone, for forms: what a person types
 * ("2026-12-03", "18:30") means that moment in *their* zone (from settings),
 * not in the browser's.
 */
import { zoneOrFallback } from './zones';

/** The zone's offset from UTC at `utcMs`, in ms (Berlin in winter: +3 600 000). */
function offsetAt(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** "2026-12-03" + "18:30" in `zone` → UTC ms; NaN for a malformed date or time. */
export function zonedToUtc(date: string, time: string, zone: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return Number.NaN;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  const z = zoneOrFallback(zone);
  // Guess with the offset at the wall time read as UTC, then correct once: right across DST changes.
  const guess = wall - offsetAt(wall, z);
  return wall - offsetAt(guess, z);
}

/** UTC ms → { date: "2026-12-03", time: "18:30" } in `zone`. */
export function utcToZoned(utcMs: number, zone: string): { date: string; time: string } {
  const local = new Date(utcMs + offsetAt(utcMs, zoneOrFallback(zone)));
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
