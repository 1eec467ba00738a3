'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { apiFetch } from '@/lib/api/client';
import { detectTimeZone } from '@/lib/api/settings';

/** The room renders no wall-clock times on the server, and a refresh there would only cost a round trip. */
const ROOM = /^\/interviews\/[^/]+$/;
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT']);

/**
 * Rendered only while the signed-in user has no time zone: sends the
 * browser's zone once, then re-renders the page so server-rendered times
 * switch from UTC to it (unless they are in UTC already). A failure leaves
 * UTC and the "set your time zone" link in place, which is the honest state.
 */
export function TimeZoneDetector() {
  const router = useRouter();
  const pathname = usePathname();
  const refreshes = !ROOM.test(pathname);
  useEffect(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZone) return;
    const controller = new AbortController();
    apiFetch(detectTimeZone, { body: { timeZone }, signal: controller.signal })
      .then(({ saved }) => {
        if (saved && refreshes && !UTC_NAMES.has(timeZone)) router.refresh();
      })
      .catch(() => {});
    return () => controller.abort();
    // Once per page load: the layout stops rendering this as soon as a zone is stored.
  }, []);
  return null;
}
