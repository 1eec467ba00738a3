'use client';

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { swapRoles } from '@/lib/api/rounds';
import type { Level } from '@/lib/scenarios/levels';

export interface SwapScenario {
  slug: string;
  title: string;
  domains: string[];
  levels: string[];
}

interface Props {
  open: boolean;
  interviewId: string;
  /** Round 2 may be on any of these (round 1's scenario is already left out). */
  scenarios: SwapScenario[];
  /** Round 1's level: the default for round 2. */
  level: string;
  /** Round 2's candidate, by name. */
  partnerName: string;
  onClose: () => void;
  /** Round 2 exists: the room moves there. */
  onStarted: (nextInterviewId: string) => void;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Round 1's candidate picks round 2's scenario and level. A modal on the
 * native <dialog> (Escape closes it, the page behind is inert); the scenarios
 * are one radio group, so arrow keys move through them and a filter narrows
 * the list by title or domain.
 */
export function SwapDialog({ open, interviewId, scenarios, level: round1Level, partnerName, onClose, onStarted }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const [filter, setFilter] = useState('');
  const [slug, setSlug] = useState('');
  const [level, setLevel] = useState(round1Level);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      filterRef.current?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return scenarios.filter((s) => words.every((w) => s.title.toLowerCase().includes(w) || s.domains.some((d) => d.includes(w))));
  }, [filter, scenarios]);
  const chosen = scenarios.find((s) => s.slug === slug);
  const levels = chosen?.levels ?? ['senior', 'staff', 'principal'];
  // A scenario not written for round 1's level starts at its first one.
  const effectiveLevel = levels.includes(level) ? level : levels[0]!;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return setError("Choose round 2's scenario first.");
    setPending(true);
    setError(null);
    try {
      const created = await apiFetch(swapRoles, { params: { id: interviewId }, body: { scenarioSlug: chosen.slug, level: effectiveLevel as Level } });
      onStarted(created.id);
    } catch (failure) {
      setError(
        failureMessage(failure, {
          offline: 'Could not start round 2: no connection. Try again.',
          refused: (status) => `Could not start round 2 (HTTP ${status}).`,
        }),
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <dialog ref={dialogRef} className="confirm-dialog swap-dialog" aria-labelledby={titleId} onClose={onClose} data-testid="swap-dialog">
      <form onSubmit={submit}>
        <h2 id={titleId}>Swap roles: pick round 2&rsquo;s scenario</h2>
        <p className="confirm-dialog-body">
          You interview {partnerName} in round 2, on a fresh board with its own timer and rubric. Round 1&rsquo;s scenario is not offered: {partnerName} has read its
          guide.
        </p>
        {error && (
          <div className="alert alert-error" role="alert" data-testid="swap-error">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="swap-filter">Filter by title or domain</label>
          <input id="swap-filter" ref={filterRef} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="e.g. ranking, fraud" autoComplete="off" />
        </div>
        <fieldset className="swap-scenarios" aria-describedby="swap-count">
          <legend>Scenario</legend>
          <p id="swap-count" className="muted small">
            {shown.length === scenarios.length ? `${scenarios.length} scenarios` : `${shown.length} of ${scenarios.length} scenarios match`}
          </p>
          <ul>
            {shown.map((s) => (
              <li key={s.slug}>
                <label>
                  <input type="radio" name="swap-scenario" value={s.slug} checked={slug === s.slug} onChange={() => setSlug(s.slug)} />
                  <span>
                    <span className="swap-title">{s.title}</span>
                    <span className="muted small"> · {s.domains.join(', ')}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {shown.length === 0 && <p className="muted small">No scenario matches &ldquo;{filter}&rdquo;.</p>}
        </fieldset>
        <div className="field">
          <label htmlFor="swap-level">Level</label>
          <select id="swap-level" value={effectiveLevel} onChange={(e) => setLevel(e.target.value)}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {cap(l)}
              </option>
            ))}
          </select>
        </div>
        <div className="confirm-dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending || !chosen}>
            {pending ? 'Starting…' : 'Start round 2'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
