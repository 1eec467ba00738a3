'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { apiFetch } from '@/lib/api/client';
import { detectTimeZone } from '@/lib/api/settings';

/**
 * Rendered only while the signed-in user has no time zone: sends the
 * browser's zone once, then re-renders the page so server-rendered times
 * switch from UTC to it. A failure leaves UTC and the "set your time zone"
 * link in place, which is the honest state.
 */
export function TimeZoneDetector() {
  const router = useRouter();
  useEffect(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZone) return;
    const controller = new AbortController();
    apiFetch(detectTimeZone, { body: { timeZone }, signal: controller.signal })
      .then(({ saved }) => {
        if (saved) router.refresh();
      })
      .catch(() => {});
    return () => controller.abort();
  }, [router]);
  return null;
}
