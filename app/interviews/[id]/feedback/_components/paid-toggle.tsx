'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { setPaid } from '@/lib/api/billing';
import { apiFetch, failureMessage } from '@/lib/api/client';

/** Marks the session paid, or back to unpaid; the page re-renders from the stored state. */
export function PaidToggle({ interviewId, paid }: { interviewId: string; paid: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle() {
    setPending(true);
    setError(null);
    try {
      await apiFetch(setPaid, { params: { id: interviewId }, body: { paid: !paid } });
      router.refresh();
    } catch (caught) {
      setError(
        failureMessage(caught, {
          offline: 'Could not reach Mockroom. Check your connection and try again.',
          refused: (status) => `Could not change the paid state (HTTP ${status}).`,
        }),
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <button type="button" className="btn btn-secondary btn-small" onClick={toggle} disabled={pending} data-testid="paid-toggle">
        {pending ? 'Saving…' : paid ? 'Mark as unpaid' : 'Mark as paid'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
