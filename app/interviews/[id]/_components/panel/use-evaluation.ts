'use client';

/**
 * The interviewer's own evaluation with autosave. Every change shows at once
 * (optimistic), then goes to the server through one serial queue so saves
 * land in the order they were made. Text is debounced and merged into one
 * PATCH; a network failure or 5xx is retried with backoff and nothing is
 * dropped; a 4xx is shown, because retrying cannot fix it. Everything not
 * yet confirmed is also kept in localStorage (the outbox) and replayed on the
 * next load, so a reload, a crash or a closed laptop loses nothing; on
 * leaving, pending saves also go out with `keepalive`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { reconnectDelay } from '@/lib/realtime/backoff';
import type { EvaluationPatch, EvaluationView, MarkInput, RubricView } from '@/lib/rubric/evaluation';

export type SaveState = { status: 'loading' | 'saved' | 'saving' | 'retrying' | 'failed'; message?: string; savedAt?: number };

type Job = { method: 'PATCH' | 'PUT'; path: string; body: unknown };

class SaveRefused extends Error {}

const TEXT_DEBOUNCE_MS = 700;
/** An outbox older than this is from another sitting; replaying it could undo newer edits made elsewhere. */
const OUTBOX_MAX_AGE_MS = 12 * 60 * 60 * 1000;

function readOutbox(key: string): Job[] {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as { at: number; jobs: Job[] } | null;
    if (!stored || Date.now() - stored.at > OUTBOX_MAX_AGE_MS || !Array.isArray(stored.jobs)) return [];
    return stored.jobs.filter((j) => (j.method === 'PATCH' && j.path === '/evaluation') || (j.method === 'PUT' && j.path === '/evaluation/marks'));
  } catch {
    return [];
  }
}

const markKey = (m: { kind: string; dimensionId: string; index: number }) => `${m.kind}:${m.dimensionId}:${m.index}`;

function withServerStamps(local: EvaluationView, saved: EvaluationView): EvaluationView {
  const stamped = new Map(saved.marks.map((m) => [markKey(m), m]));
  return { ...local, marks: local.marks.map((m) => stamped.get(markKey(m)) ?? m), releasedAt: saved.releasedAt };
}

function applyMark(view: EvaluationView, input: MarkInput): EvaluationView {
  const dimensionId = input.kind === 'signal' ? input.dimensionId! : '';
  const others = view.marks.filter((m) => !(m.kind === input.kind && m.dimensionId === dimensionId && m.index === input.index));
  // Shown ticked straight away; the server's session-clock stamp replaces this placeholder.
  const placeholder = { kind: input.kind, dimensionId, index: input.index, sessionMs: -1, phaseId: '', phaseTitle: '', markedAt: new Date().toISOString() };
  return { ...view, marks: input.checked ? [...others, placeholder] : others };
}

/** Later fields win; score maps merge per dimension and per field. */
function mergePatch(older: EvaluationPatch, newer: EvaluationPatch): EvaluationPatch {
  const scores = { ...older.scores };
  for (const [id, change] of Object.entries(newer.scores ?? {})) scores[id] = { ...scores[id], ...change };
  return { ...older, ...newer, ...(Object.keys(scores).length ? { scores } : {}) };
}

function applyPatch(view: EvaluationView, patch: EvaluationPatch): EvaluationView {
  const scores = { ...view.scores };
  for (const [id, change] of Object.entries(patch.scores ?? {})) scores[id] = { ...(scores[id] ?? { score: null, summary: '' }), ...change };
  const { scores: _ignored, ...rest } = patch;
  return { ...view, ...rest, scores };
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `The server refused the change (HTTP ${response.status}).`;
}

export function useEvaluation(interviewId: string) {
  const base = `/api/interviews/${interviewId}`;
  const [rubric, setRubric] = useState<RubricView | null>(null);
  const [evaluation, setEvaluation] = useState<EvaluationView | null>(null);
  const [save, setSave] = useState<SaveState>({ status: 'loading' });
  const [loadError, setLoadError] = useState<string | null>(null);

  const queue = useRef<Job[]>([]);
  const running = useRef(false);
  const textPatch = useRef<EvaluationPatch | null>(null);
  const textTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const outboxKey = `mockroom:unsaved:${interviewId}`;
  const offline = useRef(false);

  const pendingJobs = useCallback(
    (): Job[] => [...queue.current, ...(textPatch.current ? [{ method: 'PATCH' as const, path: '/evaluation', body: textPatch.current }] : [])],
    [],
  );
  const persistOutbox = useCallback(() => {
    try {
      const jobs = pendingJobs();
      if (jobs.length) localStorage.setItem(outboxKey, JSON.stringify({ at: Date.now(), jobs }));
      else localStorage.removeItem(outboxKey);
    } catch {
      // Storage full or disabled: the server queue and keepalive still protect the edits.
    }
  }, [outboxKey, pendingJobs]);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const [r, e] = await Promise.all([fetch(`${base}/rubric`), fetch(`${base}/evaluation`)]);
        if (!r.ok) throw new Error(await errorMessage(r));
        if (!e.ok) throw new Error(await errorMessage(e));
        const [rubricBody, evaluationBody] = [(await r.json()) as RubricView, (await e.json()) as EvaluationView];
        if (cancelled) return;
        const unsaved = evaluationBody.releasedAt ? [] : readOutbox(outboxKey);
        let view = evaluationBody;
        for (const job of unsaved) view = job.method === 'PATCH' ? applyPatch(view, job.body as EvaluationPatch) : applyMark(view, job.body as MarkInput);
        setRubric(rubricBody);
        setEvaluation(view);
        setSave({ status: 'saved', savedAt: evaluationBody.updatedAt ? Date.parse(evaluationBody.updatedAt) : undefined });
        if (unsaved.length) {
          queue.current.push(...unsaved);
          void drainRef.current();
        }
      } catch (error) {
        if (!cancelled) setLoadError(error instanceof Error ? error.message : 'Could not load the rubric.');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [base, outboxKey]);

  const drain = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    let attempt = 0;
    while (queue.current.length) {
      const job = queue.current[0]!;
      setSave((s) => ({ ...s, status: attempt ? 'retrying' : 'saving' }));
      try {
        const response = await fetch(`${base}${job.path}`, { method: job.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(job.body) });
        if (response.status >= 400 && response.status < 500) throw new SaveRefused(await errorMessage(response));
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const saved = (await response.json()) as EvaluationView;
        queue.current.shift();
        persistOutbox();
        offline.current = false;
        attempt = 0;
        // While later edits are still queued, the screen keeps them: only the
        // server's session-clock stamps are taken for ticks both sides have.
        // (Taking the server's marks wholesale briefly unticked a box clicked during a save.)
        setEvaluation((local) => (local && queue.current.length + (textPatch.current ? 1 : 0) > 0 ? withServerStamps(local, saved) : saved));
        if (!queue.current.length) setSave({ status: 'saved', savedAt: Date.now() });
      } catch (error) {
        if (error instanceof SaveRefused) {
          queue.current.shift();
          persistOutbox();
          setSave({ status: 'failed', message: error.message });
          continue;
        }
        attempt += 1;
        offline.current = true;
        setSave({ status: 'retrying', message: 'Connection lost. Your changes are kept here and will be saved when it returns.' });
        await new Promise((r) => setTimeout(r, reconnectDelay(attempt)));
      }
    }
    running.current = false;
  }, [base, persistOutbox]);
  // The loader replays the outbox before `drain` exists in its closure.
  const drainRef = useRef(drain);
  drainRef.current = drain;

  const enqueue = useCallback(
    (job: Job) => {
      queue.current.push(job);
      persistOutbox();
      setSave((s) => ({ ...s, status: s.status === 'retrying' ? 'retrying' : 'saving' }));
      void drain();
    },
    [drain, persistOutbox],
  );

  const flushText = useCallback(() => {
    if (textTimer.current) clearTimeout(textTimer.current);
    textTimer.current = null;
    const patch = textPatch.current;
    textPatch.current = null;
    if (patch) enqueue({ method: 'PATCH', path: '/evaluation', body: patch });
  }, [enqueue]);

  /** Scores and choices save at once; text waits for a pause in typing. */
  const update = useCallback(
    (patch: EvaluationPatch, { debounce = false } = {}) => {
      setEvaluation((e) => (e ? applyPatch(e, patch) : e));
      if (!debounce) {
        flushText();
        enqueue({ method: 'PATCH', path: '/evaluation', body: patch });
        return;
      }
      textPatch.current = mergePatch(textPatch.current ?? {}, patch);
      persistOutbox();
      setSave((s) => ({ ...s, status: 'saving' }));
      if (textTimer.current) clearTimeout(textTimer.current);
      textTimer.current = setTimeout(flushText, TEXT_DEBOUNCE_MS);
    },
    [enqueue, flushText, persistOutbox],
  );

  const mark = useCallback(
    (input: MarkInput) => {
      setEvaluation((e) => (e ? applyMark(e, input) : e));
      flushText();
      enqueue({ method: 'PUT', path: '/evaluation/marks', body: input });
    },
    [enqueue, flushText],
  );

  // Leaving mid-debounce must not lose the last words typed.
  useEffect(() => {
    const leave = () => {
      // The outbox keeps these too; if both arrive, the replay repeats the same values.
      for (const job of pendingJobs()) {
        void fetch(`${base}${job.path}`, { method: job.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(job.body), keepalive: true });
      }
    };
    // Ask before leaving only while offline: otherwise keepalive and the outbox have it covered.
    const warn = (event: BeforeUnloadEvent) => {
      if (offline.current && pendingJobs().length) event.preventDefault();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('beforeunload', warn);
    };
  }, [base, pendingJobs]);

  return { rubric, evaluation, save, loadError, update, mark, flush: flushText, setEvaluation };
}
