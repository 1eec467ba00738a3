'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { updateSettings, type Settings } from '@/lib/api/settings';
import { formatTime } from '@/lib/time/format';

type Field = 'name' | 'timeZone';

/** Name and time zone. The zone box filters the list as you type ("berlin", "new_york"); the server has the last word. */
export function SettingsForm({ initial, zones }: { initial: Settings; zones: string[] }) {
  const router = useRouter();
  const [name, setName] = useState(initial.name ?? '');
  const [timeZone, setTimeZone] = useState(initial.timeZone ?? '');
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const [now, setNow] = useState<Date | null>(null);

  useEffect(() => {
    setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone || null);
    setNow(new Date());
  }, []);

  const known = zones.includes(timeZone.trim());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setSaved(false);
    setError(null);
    try {
      const next = await apiFetch(updateSettings, { body: { name, timeZone: timeZone.trim() } });
      setName(next.name ?? '');
      setTimeZone(next.timeZone ?? '');
      setFieldErrors({});
      setSaved(true);
      // Server-rendered times (and the header's name) come from the stored settings.
      router.refresh();
    } catch (caught) {
      const fields = caught instanceof ApiError ? caught.fields : {};
      setFieldErrors({ name: fields.name, timeZone: fields.timeZone });
      setError(
        fields.name || fields.timeZone
          ? 'Check the highlighted field.'
          : failureMessage(caught, {
              offline: 'Could not reach Mockroom. Check your connection and try again.',
              refused: (status) => `Could not save your settings (HTTP ${status}).`,
            }),
      );
    } finally {
      setPending(false);
    }
  }

  const describedBy = (field: Field, hint?: string) => (fieldErrors[field] ? `${field}-error` : hint);

  return (
    <form className="card auth-card wide-card settings-card" onSubmit={onSubmit} noValidate>
      <h1>Settings</h1>
      <p className="auth-sub">Signed in as {initial.email}.</p>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="settings-error">
          {error}
        </div>
      )}
      {saved && (
        <div className="alert alert-success" role="status" data-testid="settings-saved">
          Saved. Times now show in {timeZone || 'UTC'}.
        </div>
      )}
      <div className="field">
        <label htmlFor="name">Name</label>
        <input
          id="name"
          name="name"
          type="text"
          autoComplete="name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setFieldErrors((errors) => ({ ...errors, name: undefined }));
          }}
          aria-invalid={fieldErrors.name ? true : undefined}
          aria-describedby={describedBy('name')}
        />
        {fieldErrors.name && (
          <span className="field-error" id="name-error">
            {fieldErrors.name}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="timeZone">Time zone</label>
        <input
          id="timeZone"
          name="timeZone"
          type="text"
          list="time-zones"
          autoComplete="off"
          spellCheck={false}
          placeholder="Start typing a city, e.g. Berlin"
          value={timeZone}
          onChange={(e) => {
            // An edited field is no longer the one the server refused.
            setTimeZone(e.target.value);
            setFieldErrors((errors) => ({ ...errors, timeZone: undefined }));
          }}
          aria-invalid={fieldErrors.timeZone ? true : undefined}
          aria-describedby={describedBy('timeZone', 'timeZone-hint')}
        />
        <datalist id="time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        {fieldErrors.timeZone ? (
          <span className="field-error" id="timeZone-error">
            {fieldErrors.timeZone}
          </span>
        ) : (
          <span className="field-hint" id="timeZone-hint" data-testid="zone-preview">
            {known && now ? `It is ${formatTime(now, timeZone.trim())} there now.` : 'Every date and time in Mockroom is shown in this zone.'}
          </span>
        )}
        {browserZone && browserZone !== timeZone && (
          <button type="button" className="btn btn-ghost btn-small zone-use-browser" onClick={() => setTimeZone(browserZone)}>
            Use this device’s zone ({browserZone})
          </button>
        )}
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
        {pending ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}
