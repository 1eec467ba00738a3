'use client';

/**
 * The interviewer's own evaluation with autosave. Every change shows at once
 * (optimistic), then goes to the server through the outbox (`outbox.ts`),
 * which keeps the order, retries what the network lost, reports refusals,
 * and survives a reload. On leaving, pending saves also go out with
 * `keepalive`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EvaluationPatch, EvaluationView, MarkInput, RubricView } from '@/lib/rubric/evaluation';
import { applyMark, applyPatch, withServerStamps } from './evaluation-edits';
import { Outbox, SaveRefused, type Job, type SaveState } from './outbox';

export type { SaveState } from './outbox';

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server refused the change (HTTP ${response.status}).`;
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function useEvaluation(interviewId: string) {
  const base = `/api/interviews/${interviewId}`;
  const [rubric, setRubric] = useState<RubricView | null>(null);
  const [evaluation, setEvaluation] = useState<EvaluationView | null>(null);
  const [save, setSave] = useState<SaveState>({ status: 'loading' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const outboxRef = useRef<Outbox | null>(null);

  useEffect(() => {
    const send = async (job: Job): Promise<EvaluationView> => {
      const response = await fetch(`${base}${job.path}`, { method: job.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(job.body) });
      if (response.status >= 400 && response.status < 500) throw new SaveRefused(await errorMessage(response));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as EvaluationView;
    };
    const outbox = new Outbox({
      storageKey: `mockroom:unsaved:${interviewId}`,
      storage: browserStorage(),
      send,
      sendOnLeave: (job) => {
        void fetch(`${base}${job.path}`, { method: job.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(job.body), keepalive: true });
      },
      // Progress keeps the last confirmed time; an outcome replaces the state.
      onState: (next) => setSave((s) => (next.status === 'saving' || next.status === 'retrying' ? { ...s, ...next } : next)),
      // While later edits are still queued, the screen keeps them and takes only the server's stamps.
      onSaved: (saved, pending) => setEvaluation((local) => (local && pending > 0 ? withServerStamps(local, saved) : saved)),
    });
    outboxRef.current = outbox;

    let cancelled = false;
    void (async () => {
      try {
        const [r, e] = await Promise.all([fetch(`${base}/rubric`), fetch(`${base}/evaluation`)]);
        if (!r.ok) throw new Error(await errorMessage(r));
        if (!e.ok) throw new Error(await errorMessage(e));
        const [rubricBody, evaluationBody] = [(await r.json()) as RubricView, (await e.json()) as EvaluationView];
        if (cancelled) return;
        // A released evaluation is locked: nothing left over may be replayed onto it.
        const unsaved = evaluationBody.releasedAt ? [] : outbox.stored();
        if (evaluationBody.releasedAt) outbox.discardStored();
        let view = evaluationBody;
        for (const job of unsaved) view = job.method === 'PATCH' ? applyPatch(view, job.body) : applyMark(view, job.body);
        setRubric(rubricBody);
        setEvaluation(view);
        setSave({ status: 'saved', savedAt: evaluationBody.updatedAt ? Date.parse(evaluationBody.updatedAt) : undefined });
        outbox.resume(unsaved);
      } catch (error) {
        if (!cancelled) setLoadError(error instanceof Error ? error.message : 'Could not load the rubric.');
      }
    })();

    // Leaving mid-debounce must not lose the last words typed; the stored copy covers a failed keepalive.
    const leave = () => outbox.leave();
    // Ask before leaving only while offline: otherwise keepalive and the outbox have it covered.
    const warn = (event: BeforeUnloadEvent) => {
      if (outbox.offline && outbox.pending().length) event.preventDefault();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('beforeunload', warn);
    return () => {
      cancelled = true;
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('beforeunload', warn);
      outbox.dispose();
    };
  }, [base, interviewId]);

  const flush = useCallback(() => outboxRef.current?.flushText(), []);

  /** Scores and choices save at once; text waits for a pause in typing. */
  const update = useCallback((patch: EvaluationPatch, { debounce = false } = {}) => {
    setEvaluation((e) => (e ? applyPatch(e, patch) : e));
    if (debounce) outboxRef.current?.type(patch);
    else outboxRef.current?.enqueue({ method: 'PATCH', path: '/evaluation', body: patch });
  }, []);

  const mark = useCallback((input: MarkInput) => {
    setEvaluation((e) => (e ? applyMark(e, input) : e));
    outboxRef.current?.enqueue({ method: 'PUT', path: '/evaluation/marks', body: input });
  }, []);

  return { rubric, evaluation, save, loadError, update, mark, flush, setEvaluation };
}
