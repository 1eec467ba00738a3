'use client';

/**
 * "Starting soon": on every signed-in page, a bar for each of the viewer's
 * sessions that starts within 15 minutes (or is under way), linking to its
 * room. The server sends the next day's sessions once; the page re-checks
 * the clock every 15 s, so the bar appears on time without a reload. Not
 * shown inside that session's own room.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { formatTime } from '@/lib/time/format';

export interface SoonSession {
  id: string;
  title: string;
  startsAt: string | null;
  until: string | null;
  live: boolean;
}

const SOON_MS = 15 * 60_000;

function label(session: SoonSession, now: number, zone: string): string {
  if (session.live) return `${session.title} is under way.`;
  const starts = new Date(session.startsAt!).getTime();
  if (starts <= now) return `${session.title} was due to start at ${formatTime(starts, zone)}.`;
  const minutes = Math.max(1, Math.round((starts - now) / 60_000));
  return `${session.title} starts at ${formatTime(starts, zone)}, in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

export function StartingSoon({ sessions, zone }: { sessions: SoonSession[]; zone: string }) {
  const pathname = usePathname();
  // Null until mounted: the server's clock and the page's may differ, so the first paint shows nothing.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  if (now === null) return null;
  const shown = sessions.filter(
    (s) =>
      pathname !== `/interviews/${s.id}` &&
      (s.live || (s.startsAt !== null && s.until !== null && new Date(s.startsAt).getTime() - SOON_MS <= now && now < new Date(s.until).getTime())),
  );
  if (!shown.length) return null;
  return (
    <div className="starting-soon" role="status" data-testid="starting-soon">
      {shown.map((s) => (
        <p key={s.id}>
          <span>
            <span className="starting-soon-dot" aria-hidden />
            {label(s, now, zone)}
          </span>
          <Link href={`/interviews/${s.id}`} className="btn btn-primary btn-small">
            Enter the room
          </Link>
        </p>
      ))}
    </div>
  );
}
