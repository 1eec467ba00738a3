'use client';

/**
 * Share links for this review: make one (it shows exactly what you see,
 * until it expires), copy it again, see who opened it, revoke it. Revoking
 * goes through the in-app confirm dialog.
 */
import { useState } from 'react';
import { ConfirmDialog } from '@/app/_components/confirm-dialog';
import { apiFetch, failureMessage } from '@/lib/api';
import { createShare, revokeShare, SHARE_EXPIRY_DAYS, type ReviewScope, type ShareView } from '@/lib/api/review';
import { formatDateTime } from '@/lib/time/format';

const EXPIRY_CHOICES = [1, 7, 14, 30] as const;

/** The parts a link made now would show, in words. */
function describeScope(scope: ReviewScope): string {
  if (scope.interviewerOnly) return 'everything you see: board replay, recordings, phases, scores, ticks and notes';
  const parts = ['phases and played cards'];
  if (scope.replay) parts.unshift('board replay and recordings');
  parts.push(scope.scores ? 'the released scores and signals' : 'the released feedback');
  return parts.join(', ');
}

const words = { offline: 'You seem to be offline; try again.', refused: (status: number) => `The server refused (${status}).` };

export function ShareLinks({ interviewId, initial, scope, zone }: { interviewId: string; initial: ShareView[]; scope: ReviewScope; zone: string }) {
  const [shares, setShares] = useState(initial);
  const [days, setDays] = useState<number>(SHARE_EXPIRY_DAYS.default);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ShareView | null>(null);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const made = await apiFetch(createShare, { params: { id: interviewId }, body: { expiresInDays: days } });
      setShares((list) => [made, ...list]);
      await copy(made);
    } catch (e) {
      setError(failureMessage(e, words));
    } finally {
      setBusy(false);
    }
  };
  const copy = async (share: ShareView) => {
    try {
      await navigator.clipboard.writeText(share.url);
      setCopied(share.id);
    } catch {
      // The link stays visible and selectable below when the clipboard is refused.
      setCopied(null);
    }
  };
  const revoke = async (share: ShareView) => {
    setRevoking(null);
    setError(null);
    try {
      const updated = await apiFetch(revokeShare, { params: { id: interviewId, shareId: share.id } });
      setShares((list) => list.map((s) => (s.id === updated.id ? updated : s)));
    } catch (e) {
      setError(failureMessage(e, words));
    }
  };
  const now = Date.now();

  return (
    <section className="card review-share" aria-labelledby="share-h" data-testid="share-links">
      <h2 id="share-h">Share this review</h2>
      <p className="muted small">A link shows {describeScope(scope)}. Whoever opens it signs in first, and you see who did.</p>
      <div className="review-share-form">
        <label>
          Expires after{' '}
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))} data-testid="share-expiry">
            {EXPIRY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d} day{d === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-secondary" onClick={create} disabled={busy} data-testid="share-create">
          {busy ? 'Making a link…' : 'Make a share link'}
        </button>
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {shares.length > 0 && (
        <ul className="review-share-list">
          {shares.map((share) => {
            const state = share.revokedAt ? 'revoked' : new Date(share.expiresAt).getTime() <= now ? 'expired' : 'active';
            return (
              <li key={share.id} data-testid="share-link" data-state={state}>
                <div className="review-share-row">
                  <input readOnly value={share.url} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} disabled={state !== 'active'} />
                  {state === 'active' ? (
                    <>
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void copy(share)}>
                        {copied === share.id ? 'Copied' : 'Copy'}
                      </button>
                      <button type="button" className="btn btn-ghost btn-small btn-danger-text" onClick={() => setRevoking(share)} data-testid="share-revoke">
                        Revoke
                      </button>
                    </>
                  ) : (
                    <span className="chip chip-muted">{state}</span>
                  )}
                </div>
                <p className="muted small">
                  {state === 'revoked' ? `Revoked ${formatDateTime(share.revokedAt!, zone)}` : `${state === 'expired' ? 'Expired' : 'Expires'} ${formatDateTime(share.expiresAt, zone)}`}
                  {' · '}
                  {share.opens.length === 0
                    ? 'not opened yet'
                    : `opened by ${share.opens.map((o) => `${o.name} (${o.count > 1 ? `${o.count} times, last ` : ''}${formatDateTime(o.openedAt, zone)})`).join(', ')}`}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <ConfirmDialog open={revoking !== null} title="Revoke this link?" action="Revoke link" onConfirm={() => revoking && void revoke(revoking)} onCancel={() => setRevoking(null)}>
        Anyone holding it will see “This share link was revoked” instead of the review. You can make a new link at any time.
      </ConfirmDialog>
    </section>
  );
}
