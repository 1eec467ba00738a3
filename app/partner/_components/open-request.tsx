'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { withdrawAvailability, type AvailabilityView } from '@/lib/api/matching';
import { label } from '@/lib/scenarios/labels';
import { formatDateTime, formatTime } from '@/lib/time/format';

const FIRST: Record<AvailabilityView['firstRole'], string> = {
  interviewer: 'you interview first',
  candidate: 'you are interviewed first',
  either: 'either of you goes first',
};

/** My open request: its windows in my zone, and withdrawing it (asked in the app's own dialog). */
export function OpenRequest({ request, zone }: { request: AvailabilityView; zone: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function withdraw() {
    setAsking(false);
    try {
      await apiFetch(withdrawAvailability, { params: { id: request.id } });
      router.push('/partner');
      router.refresh();
    } catch (caught) {
      setError(failureMessage(caught, { offline: 'Could not reach Mockroom. Try again.', refused: (s) => `Could not withdraw (HTTP ${s}).` }));
      router.refresh();
    }
  }

  return (
    <div data-testid="open-request">
      <h2 id="request-title">Waiting for a partner</h2>
      <p className="muted small">
        {label(request.level)} · {request.domains.map(label).join(', ')} · {FIRST[request.firstRole]}. We match you as soon as someone fits, and email you the invitation.
      </p>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <ul className="window-summary">
        {request.slots.map((s) => (
          <li key={s.startsAt}>
            {formatDateTime(s.startsAt, zone)} – {formatTime(s.endsAt, zone)}
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-secondary" onClick={() => setAsking(true)}>
        Withdraw request
      </button>
      <ConfirmDialog open={asking} title="Withdraw your request?" action="Withdraw request" onConfirm={withdraw} onCancel={() => setAsking(false)}>
        <p>Nobody will be matched with you for these windows. You can post new availability afterwards.</p>
      </ConfirmDialog>
    </div>
  );
}
