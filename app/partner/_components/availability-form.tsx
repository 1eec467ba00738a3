'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { postAvailability } from '@/lib/api/matching';
import { ANY_DOMAIN, FIRST_ROLES, type FirstRole } from '@/lib/matching/compatibility';
import { MAX_WINDOWS } from '@/lib/matching/slots';
import { label } from '@/lib/scenarios/labels';
import type { Level } from '@/lib/scenarios/levels';
import { zonedToUtc } from '@/lib/time/zoned';

interface Row {
  key: number;
  date: string;
  start: string;
  end: string;
}

const ROLE_LABELS: Record<FirstRole, string> = {
  interviewer: 'I interview first',
  candidate: 'I am interviewed first',
  either: 'Either',
};

/** Windows in the user's zone, level, domains and who goes first; the server's 422s show beside their fields. */
export function AvailabilityForm({ zone, levels, domains, firstDate }: { zone: string; levels: Level[]; domains: string[]; firstDate: string }) {
  const router = useRouter();
  const id = useId();
  const [rows, setRows] = useState<Row[]>([{ key: 0, date: firstDate, start: '18:00', end: '20:00' }]);
  const [nextKey, setNextKey] = useState(1);
  const [level, setLevel] = useState<Level>(levels[1] ?? levels[0]!);
  const [picked, setPicked] = useState<string[]>([ANY_DOMAIN]);
  const [firstRole, setFirstRole] = useState<FirstRole>('either');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const update = (key: number, patch: Partial<Row>) => {
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    const i = rows.findIndex((r) => r.key === key);
    setFields((f) => ({ ...f, [`slots.${i}.startsAt`]: '', [`slots.${i}.endsAt`]: '' }));
  };
  const addRow = () => {
    const last = rows.at(-1);
    setRows([...rows, { key: nextKey, date: last?.date ?? firstDate, start: last?.start ?? '18:00', end: last?.end ?? '20:00' }]);
    setNextKey(nextKey + 1);
  };
  const toggleDomain = (domain: string, on: boolean) => {
    setFields((f) => ({ ...f, domains: '' }));
    if (domain === ANY_DOMAIN) return setPicked(on ? [ANY_DOMAIN] : []);
    setPicked((all) => (on ? [...all.filter((d) => d !== ANY_DOMAIN), domain] : all.filter((d) => d !== domain)));
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const slots = rows.map((r) => ({ start: zonedToUtc(r.date, r.start, zone), end: zonedToUtc(r.date, r.end, zone) }));
    const local: Record<string, string> = {};
    slots.forEach((s, i) => {
      if (Number.isNaN(s.start) || Number.isNaN(s.end)) local[`slots.${i}.startsAt`] = 'Pick a date, a start and an end.';
    });
    if (Object.keys(local).length) {
      setFields(local);
      setError('Check the highlighted fields.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const reply = await apiFetch(postAvailability, {
        body: {
          slots: slots.map((s) => ({ startsAt: new Date(s.start).toISOString(), endsAt: new Date(s.end).toISOString() })),
          level,
          domains: picked,
          firstRole,
        },
      });
      router.push(`/partner?posted=${reply.status}`);
      router.refresh();
    } catch (caught) {
      const f = caught instanceof ApiError ? caught.fields : {};
      setFields(f);
      setError(
        Object.keys(f).length
          ? 'Check the highlighted fields.'
          : failureMessage(caught, { offline: 'Could not reach Mockroom. Check your connection.', refused: (s) => `Could not post your availability (HTTP ${s}).` }),
      );
    } finally {
      setPending(false);
    }
  }

  const domainError = fields.domains || Object.entries(fields).find(([k, v]) => k.startsWith('domains.') && v)?.[1];
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="request-title" data-testid="availability-form">
      <h2 id="request-title">When are you free?</h2>
      <p className="muted small">
        Add windows of at least 90 minutes (at most 12 hours) in the next 14 days, in {zone}. Sessions start on the hour or half hour.
      </p>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="availability-error">
          {error}
        </div>
      )}
      {fields.slots && <p className="field-error">{fields.slots}</p>}
      <ol className="window-list">
        {rows.map((row, i) => {
          const startError = fields[`slots.${i}.startsAt`];
          const endError = fields[`slots.${i}.endsAt`];
          const rowError = startError || endError;
          const errorId = `${id}-w${row.key}-error`;
          return (
            <li key={row.key} className="window-row" data-testid="window-row">
              <div className="field">
                <label htmlFor={`${id}-d${row.key}`}>Date</label>
                <input id={`${id}-d${row.key}`} type="date" value={row.date} onChange={(e) => update(row.key, { date: e.target.value })}
                  aria-invalid={startError ? true : undefined} aria-describedby={rowError ? errorId : undefined} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-s${row.key}`}>From</label>
                <input id={`${id}-s${row.key}`} type="time" step={1800} value={row.start} onChange={(e) => update(row.key, { start: e.target.value })}
                  aria-invalid={startError ? true : undefined} aria-describedby={rowError ? errorId : undefined} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-e${row.key}`}>To</label>
                <input id={`${id}-e${row.key}`} type="time" step={1800} value={row.end} onChange={(e) => update(row.key, { end: e.target.value })}
                  aria-invalid={endError ? true : undefined} aria-describedby={rowError ? errorId : undefined} />
              </div>
              <button type="button" className="btn btn-ghost btn-small window-remove" onClick={() => setRows(rows.filter((r) => r.key !== row.key))}
                disabled={rows.length === 1} aria-label={`Remove window ${i + 1}`}>
                Remove
              </button>
              {rowError && (
                <span className="field-error window-error" id={errorId} data-testid="window-error">
                  {[startError, endError].filter(Boolean).join(' ')}
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn btn-secondary btn-small" onClick={addRow} disabled={rows.length >= MAX_WINDOWS}>
        Add another window
      </button>

      <div className="field partner-level">
        <label htmlFor={`${id}-level`}>Target level</label>
        <select id={`${id}-level`} value={level} onChange={(e) => setLevel(e.target.value as Level)} aria-invalid={fields.level ? true : undefined}>
          {levels.map((l) => (
            <option key={l} value={l}>
              {label(l)}
            </option>
          ))}
        </select>
        {fields.level && <span className="field-error">{fields.level}</span>}
      </div>

      <fieldset className="segmented domain-checks" aria-describedby={domainError ? `${id}-domains-error` : undefined}>
        <legend>Domains to practise</legend>
        {[ANY_DOMAIN, ...domains].map((d) => (
          <label key={d}>
            <input type="checkbox" checked={picked.includes(d)} onChange={(e) => toggleDomain(d, e.target.checked)} />
            {d === ANY_DOMAIN ? 'Any' : label(d)}
          </label>
        ))}
        {domainError && (
          <span className="field-error" id={`${id}-domains-error`}>
            {domainError}
          </span>
        )}
      </fieldset>

      <fieldset className="segmented">
        <legend>Round 1</legend>
        {FIRST_ROLES.map((r) => (
          <label key={r}>
            <input type="radio" name={`${id}-role`} value={r} checked={firstRole === r} onChange={() => setFirstRole(r)} />
            {ROLE_LABELS[r]}
          </label>
        ))}
        {fields.firstRole && <span className="field-error">{fields.firstRole}</span>}
      </fieldset>

      <button type="submit" className="btn btn-primary" disabled={pending || picked.length === 0}>
        {pending ? 'Posting…' : 'Find me a partner'}
      </button>
    </form>
  );
}
