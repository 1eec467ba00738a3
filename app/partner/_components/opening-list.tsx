'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { bookOpening, type Opening } from '@/lib/api/matching';
import { rolesFit, type FirstRole } from '@/lib/matching/compatibility';
import { label } from '@/lib/scenarios/labels';
import { formatDateTime, formatTime } from '@/lib/time/format';

const WISH: Record<Opening['firstRole'], string> = {
  interviewer: 'wants to interview first',
  candidate: 'wants to be interviewed first',
  either: 'either role first',
};

function OpeningRow({ opening, zone, mine }: { opening: Opening; zone: string; mine: FirstRole }) {
  const router = useRouter();
  const id = useId();
  const [start, setStart] = useState(opening.startTimes[0] ?? '');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function book() {
    setPending(true);
    setError(null);
    try {
      await apiFetch(bookOpening, { params: { requestId: opening.requestId }, body: { startsAt: start } });
      router.push('/partner?posted=booked');
      router.refresh();
    } catch (caught) {
      setError(failureMessage(caught, { offline: 'Could not reach Mockroom. Try again.', refused: (s) => `Could not book (HTTP ${s}).` }));
    } finally {
      setPending(false);
    }
  }

  return (
    <li className="opening-row" data-testid="opening">
      <p className="opening-who">
        <strong>{opening.firstName}</strong> · {label(opening.level)} · {opening.domains.map(label).join(', ')} · {WISH[opening.firstRole]}
      </p>
      {!rolesFit(mine, opening.firstRole) && (
        <p className="small">Booking {opening.firstName} means you {opening.firstRole === 'interviewer' ? 'are interviewed' : 'interview'} first.</p>
      )}
      <p className="muted small">
        Free {opening.slots.map((s) => `${formatDateTime(s.startsAt, zone)}–${formatTime(s.endsAt, zone)}`).join('; ')}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="opening-book">
        <label htmlFor={`${id}-start`} className="sr-only">
          Start time with {opening.firstName}
        </label>
        <select id={`${id}-start`} value={start} onChange={(e) => setStart(e.target.value)}>
          {opening.startTimes.map((t) => (
            <option key={t} value={t}>
              {formatDateTime(t, zone)}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-primary btn-small" onClick={book} disabled={pending || !start}>
          {pending ? 'Booking…' : 'Book'}
        </button>
      </div>
    </li>
  );
}

/** Other people's open requests that fit mine, by first name; booking one pairs us at the chosen start. */
export function OpeningList({ openings, zone, mine }: { openings: Opening[]; zone: string; mine: FirstRole }) {
  if (!openings.length) return <p className="muted small">Nobody else fits your windows right now. We will match you when someone does.</p>;
  return (
    <ul className="opening-list" data-testid="opening-list">
      {openings.map((o) => (
        <OpeningRow key={o.requestId} opening={o} zone={zone} mine={mine} />
      ))}
    </ul>
  );
}
