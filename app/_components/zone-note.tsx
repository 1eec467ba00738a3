import Link from 'next/link';
import type { Viewer } from '@/server/settings/profile';

/** Names, once per page, the zone its times are in, with the way to change it. */
export function ZoneNote({ viewer }: { viewer: Viewer }) {
  return (
    <p className="zone-note muted small" data-testid="zone-note">
      {viewer.zoneIsSet ? (
        <>
          Times in {viewer.timeZone} · <Link href="/settings">change</Link>
        </>
      ) : (
        <>
          Times in UTC · <Link href="/settings">Set your time zone</Link>
        </>
      )}
    </p>
  );
}
