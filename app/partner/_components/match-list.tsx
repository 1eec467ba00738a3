import Link from 'next/link';
import type { MatchView } from '@/lib/api/matching';
import { formatDateTime } from '@/lib/time/format';

const STATUS: Record<MatchView['status'], string> = { scheduled: 'upcoming', live: 'live now', ended: 'done', cancelled: 'cancelled' };

/** Sessions matching made for me, in my zone, with the way into the room. */
export function MatchList({ matches, zone }: { matches: MatchView[]; zone: string }) {
  if (!matches.length) return <p className="muted small">No matches yet. Post your availability and we pair you with someone.</p>;
  return (
    <ul className="match-list" data-testid="match-list">
      {matches.map((m) => (
        <li key={m.interviewId} className="match-row">
          <div>
            <Link href={`/interviews/${m.interviewId}`} className="interview-title">
              {m.title}
            </Link>
            <p className="muted small">
              with {m.partnerFirstName} · {formatDateTime(m.scheduledAt, zone)} · round 1 you are the {m.role}
            </p>
          </div>
          <div className="interview-meta">
            <span className={`chip ${m.status === 'cancelled' ? '' : `role-${m.role}`}`}>{STATUS[m.status]}</span>
            {m.status !== 'cancelled' && m.status !== 'ended' && (
              <Link href={`/interviews/${m.interviewId}`} className="btn btn-secondary btn-small">
                Open room
              </Link>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
