'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { createInterview, createInterviewSchema } from '@/lib/api/interviews';
import { fromZonedInput } from '@/lib/time/zoned-input';

interface Option {
  slug: string;
  title: string;
  levels: string[];
}

export function NewInterviewForm({ scenarios, initialScenario, timeZone }: { scenarios: Option[]; initialScenario: string; timeZone: string }) {
  const router = useRouter();
  const [scenario, setScenario] = useState(initialScenario);
  const [mode, setMode] = useState<'peer' | 'coach'>('peer');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const levels = scenarios.find((s) => s.slug === scenario)?.levels ?? ['senior', 'staff', 'principal'];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const when = String(form.get('scheduledAt') ?? '');
    const price = String(form.get('price') ?? '').trim();
    // The route's own schema: a bad field reads exactly as the server's 422 would.
    const input = createInterviewSchema.safeParse({
      scenarioSlug: scenario,
      level: form.get('level'),
      durationMinutes: Number(form.get('duration')),
      mode,
      // In the user's zone (their settings), not the browser's; an unreadable value is left for the schema to name.
      ...(when ? { scheduledAt: fromZonedInput(when, timeZone)?.toISOString() ?? when } : {}),
      ...(mode === 'coach' && price ? { priceCents: Math.round(Number(price) * 100) } : {}),
    });
    if (!input.success) {
      setError(input.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; '));
      return;
    }
    setPending(true);
    setError(null);
    try {
      const created = await apiFetch(createInterview, { body: input.data });
      router.push(`/interviews/${created.id}`);
    } catch (error) {
      setError(
        failureMessage(error, {
          offline: 'Could not reach Mockroom. Check your connection and try again.',
          refused: (status) => `Could not create the interview (HTTP ${status}).`,
        }),
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="card auth-card wide-card" onSubmit={onSubmit}>
      <h1>New interview</h1>
      <p className="auth-sub">Pick a scenario and a level. You will get an invite link for the candidate.</p>
      {error && (
        <div className="alert alert-error" role="alert" data-testid="create-error">
          {error}
        </div>
      )}
      <div className="field">
        <label htmlFor="scenario">Scenario</label>
        <select id="scenario" name="scenario" required value={scenario} onChange={(e) => setScenario(e.target.value)}>
          <option value="" disabled>
            Choose a scenario…
          </option>
          {scenarios.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="level">Level</label>
          <select id="level" name="level" defaultValue="staff" key={scenario}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {l.charAt(0).toUpperCase() + l.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="duration">Length</label>
          <select id="duration" name="duration" defaultValue="45">
            <option value="45">45 minutes</option>
            <option value="60">60 minutes</option>
          </select>
        </div>
      </div>
      <fieldset className="field segmented">
        <legend>Session type</legend>
        <label>
          <input type="radio" name="mode" value="peer" checked={mode === 'peer'} onChange={() => setMode('peer')} /> Peer practice
        </label>
        <label>
          <input type="radio" name="mode" value="coach" checked={mode === 'coach'} onChange={() => setMode('coach')} /> Coached session
        </label>
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor="scheduledAt">When (optional)</label>
          <input id="scheduledAt" name="scheduledAt" type="datetime-local" aria-describedby="scheduledAt-hint" />
          <p id="scheduledAt-hint" className="muted small">
            In {timeZone}. With a time, everyone in the interview gets a calendar invitation by email, and reminders before it.
          </p>
        </div>
        {mode === 'coach' && (
          <div className="field">
            <label htmlFor="price">Price (optional)</label>
            <input id="price" name="price" type="number" min="0" step="0.01" inputMode="decimal" placeholder="150.00" />
          </div>
        )}
      </div>
      <button type="submit" className="btn btn-primary btn-block" disabled={pending || !scenario}>
        {pending ? 'Creating…' : 'Create interview'}
      </button>
    </form>
  );
}
