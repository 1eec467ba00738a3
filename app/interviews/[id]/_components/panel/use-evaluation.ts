'use client';

/**
 * The interviewer's own evaluation with autosave. Every change shows at once
 * (optimistic), then goes to the server through the outbox (`outbox.ts`),
 * which keeps the order, retries what the network lost, reports refusals,
 * and survives a reload. On leaving, pending saves also go out with
 * `keepalive`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiFetch, failureMessage } from '@/lib/api/client';
import { ApiError, ClientErrorCode } from '@/lib/api/errors';
import { patchEvaluation, readEvaluation, readRubric, setMark } from '@/lib/api/evaluation';
import type { EvaluationPatch, EvaluationView, MarkInput, RubricView } from '@/lib/rubric/evaluation';
import { applyMark, applyPatch, withServerStamps } from './evaluation-edits';
import { Outbox, SaveRefused, type Job, type SaveState } from './outbox';

export type { SaveState } from './outbox';

const refusedWords = (status: number) => `The server refused the change (HTTP ${status}).`;

function sendJob(interviewId: string, job: Job, keepalive = false): Promise<EvaluationView> {
  const params = { id: interviewId };
  return job.method === 'PATCH' ? apiFetch(patchEvaluation, { params, body: job.body, keepalive }) : apiFetch(setMark, { params, body: job.body, keepalive });
}

/**
 * A save that no retry can fix is refused for good: a 4xx, or an answer this
 * page cannot read. No answer at all, or a 5xx, is worth retrying.
 */
async function sendOrRefuse(interviewId: string, job: Job): Promise<EvaluationView> {
  try {
    return await sendJob(interviewId, job);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) throw error;
    // An unreadable answer already says which route and field it was about.
    throw new SaveRefused(error.code === ClientErrorCode.BadResponse ? error.message : failureMessage(error, { offline: refusedWords(error.status), refused: refusedWords }));
  }
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function useEvaluation(interviewId: string) {
  const [rubric, setRubric] = useState<RubricView | null>(null);
  const [evaluation, setEvaluation] = useState<EvaluationView | null>(null);
  const [save, setSave] = useState<SaveState>({ status: 'loading' });
  const [loadError, setLoadError] = useState<string | null>(null);
  const outboxRef = useRef<Outbox | null>(null);

  useEffect(() => {
    const outbox = new Outbox({
      storageKey: `mockroom:unsaved:${interviewId}`,
      storage: browserStorage(),
      send: (job) => sendOrRefuse(interviewId, job),
      // The page is going away: nobody is left to show a failure, and the stored copy replays next time.
      sendOnLeave: (job) => void sendJob(interviewId, job, true).catch(() => {}),
      // Progress keeps the last confirmed time; an outcome replaces the state.
      onState: (next) => setSave((s) => (next.status === 'saving' || next.status === 'retrying' ? { ...s, ...next } : next)),
      // While later edits are still queued, the screen keeps them and takes only the server's stamps.
      onSaved: (saved, pending) => setEvaluation((local) => (local && pending > 0 ? withServerStamps(local, saved) : saved)),
    });
    outboxRef.current = outbox;

    let cancelled = false;
    void (async () => {
      try {
        const params = { id: interviewId };
        const [rubricBody, evaluationBody] = await Promise.all([apiFetch(readRubric, { params }), apiFetch(readEvaluation, { params })]);
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
        if (cancelled) return;
        setLoadError(
          error instanceof ApiError
            ? failureMessage(error, { offline: 'Could not reach the server to load the rubric. Check your connection, then reload.', refused: (status) => `Could not load the rubric (HTTP ${status}).` })
            : 'Could not load the rubric.',
        );
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
  }, [interviewId]);

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
