/**
 * Time zones a user may choose: the IANA names this runtime's Intl knows.
 * Browsers and Node can disagree on a zone's canonical spelling (a browser
 * may report "Asia/Kolkata" where Node's ICU lists "Asia/Calcutta"), so a
 * name also counts when Intl accepts it and resolves it to a listed zone.
 */
export const FALLBACK_TIME_ZONE = 'UTC';

let cached: string[] | undefined;

/** Every selectable zone, sorted, with UTC (which `supportedValuesOf` leaves out) first. */
export function supportedTimeZones(): string[] {
  cached ??= [FALLBACK_TIME_ZONE, ...Intl.supportedValuesOf('timeZone').filter((z) => z !== FALLBACK_TIME_ZONE).sort()];
  return cached;
}

function resolvedName(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) return false;
  const zones = supportedTimeZones();
  if (zones.includes(value)) return true;
  const resolved = resolvedName(value);
  return resolved !== null && (zones.includes(resolved) || resolved === 'UTC' || resolved === 'Etc/UTC');
}

/** The zone to render in: the user's own when it is still valid here, UTC otherwise. */
export function zoneOrFallback(zone: string | null | undefined): string {
  return zone && isTimeZone(zone) ? zone : FALLBACK_TIME_ZONE;
}
