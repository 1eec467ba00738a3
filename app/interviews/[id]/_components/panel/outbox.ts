/**
 * The autosave outbox of the interviewer's evaluation, with no React in it so
 * its rules can be tested on their own:
 * - one serial queue, so saves land in the order they were made;
 * - text is debounced and merged into one PATCH;
 * - a network failure or a 5xx is retried with backoff and nothing is dropped;
 * - a refusal (4xx) is reported and dropped, because retrying cannot fix it;
 * - everything not yet confirmed is mirrored to storage (localStorage in the
 *   browser) and replayed on the next load, unless it is older than 12 h.
 */
import { ApiError } from '@/lib/api/errors';
import { reconnectDelay } from '@/lib/realtime/backoff';
import type { EvaluationPatch, EvaluationView, MarkInput } from '@/lib/rubric/evaluation';
import { mergePatch } from './evaluation-edits';

export type Job = { method: 'PATCH'; path: '/evaluation'; body: EvaluationPatch } | { method: 'PUT'; path: '/evaluation/marks'; body: MarkInput };

export type SaveState = { status: 'loading' | 'saved' | 'saving' | 'retrying' | 'failed'; message?: string; savedAt?: number };

/**
 * Why a save is being retried. When the server answered and said why (its
 * database is out of reach: 503 `unavailable`), its words; otherwise the
 * connection is what failed.
 */
function retryReason(error: unknown): string {
  if (error instanceof ApiError && error.code === 'unavailable') return `${error.message} Your changes are kept here meanwhile.`;
  return 'Connection lost. Your changes are kept here and will be saved when it returns.';
}

/** Thrown by `send` when the server refused the change for good (a 4xx). */
export class SaveRefused extends Error {}

/** An outbox older than this is from another sitting; replaying it could undo newer edits made elsewhere. */
export const OUTBOX_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const TEXT_DEBOUNCE_MS = 700;

export type OutboxStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface OutboxOptions {
  storageKey: string;
  /** Null when the browser offers none (private mode): the queue still works, a reload just cannot replay. */
  storage: OutboxStorage | null;
  /** Sends one job and resolves with the saved evaluation; throws SaveRefused for a 4xx, anything else is retried. */
  send: (job: Job) => Promise<EvaluationView>;
  /** Fire-and-forget send for a page that is closing (fetch with keepalive). */
  sendOnLeave?: (job: Job) => void;
  onState: (state: SaveState) => void;
  /** A job was confirmed; `pending` counts the jobs still waiting (queued or being typed). */
  onSaved: (saved: EvaluationView, pending: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  backoff?: (attempt: number) => number;
  debounceMs?: number;
}

function isJob(value: unknown): value is Job {
  if (!value || typeof value !== 'object') return false;
  const job = value as { method?: unknown; path?: unknown; body?: unknown };
  if (!job.body || typeof job.body !== 'object') return false;
  return (job.method === 'PATCH' && job.path === '/evaluation') || (job.method === 'PUT' && job.path === '/evaluation/marks');
}

/** Reads what a previous page load left unsaved; anything stale, corrupt or foreign is ignored. */
export function readStoredJobs(storage: OutboxStorage | null, key: string, now: number): Job[] {
  if (!storage) return [];
  try {
    const stored = JSON.parse(storage.getItem(key) ?? 'null') as { at?: unknown; jobs?: unknown } | null;
    if (!stored || typeof stored.at !== 'number' || now - stored.at > OUTBOX_MAX_AGE_MS || !Array.isArray(stored.jobs)) return [];
    return stored.jobs.filter(isJob);
  } catch {
    return [];
  }
}

export class Outbox {
  private readonly queue: Job[] = [];
  private text: EvaluationPatch | null = null;
  private textTimer: ReturnType<typeof setTimeout> | null = null;
  private draining: Promise<void> | null = null;
  private disposed = false;
  /** True between a failed attempt and the next success: what the page warns about on leaving. */
  offline = false;

  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly backoff: (attempt: number) => number;
  private readonly debounceMs: number;

  constructor(private readonly options: OutboxOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.backoff = options.backoff ?? ((attempt) => reconnectDelay(attempt));
    this.debounceMs = options.debounceMs ?? TEXT_DEBOUNCE_MS;
  }

  /** Jobs left by an earlier page load, to apply on screen before `resume()` sends them. */
  stored(): Job[] {
    return readStoredJobs(this.options.storage, this.options.storageKey, this.now());
  }

  /** Queues earlier jobs (from `stored()`) ahead of anything new and starts sending. */
  resume(jobs: Job[]): void {
    if (!jobs.length) return;
    this.queue.unshift(...jobs);
    this.persist();
    void this.drain();
  }

  /** Forgets what was stored: e.g. the evaluation is already released, so nothing may change it. */
  discardStored(): void {
    this.options.storage?.removeItem(this.options.storageKey);
  }

  /** Everything not yet confirmed, oldest first, including text still being typed. */
  pending(): Job[] {
    return [...this.queue, ...(this.text ? [{ method: 'PATCH' as const, path: '/evaluation' as const, body: this.text }] : [])];
  }

  enqueue(job: Job): void {
    // Typed text came first, so it is saved first.
    this.flushText();
    this.push(job);
  }

  /** Text waits for a pause in typing; consecutive edits merge into one PATCH. */
  type(patch: EvaluationPatch): void {
    this.text = mergePatch(this.text ?? {}, patch);
    this.persist();
    this.options.onState({ status: 'saving' });
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = setTimeout(() => this.flushText(), this.debounceMs);
  }

  flushText(): void {
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = null;
    const patch = this.text;
    this.text = null;
    if (patch) this.push({ method: 'PATCH', path: '/evaluation', body: patch });
  }

  /** The page is closing: everything pending goes out with keepalive; the stored copy stays for a replay. */
  leave(): void {
    for (const job of this.pending()) this.options.sendOnLeave?.(job);
  }

  dispose(): void {
    this.disposed = true;
    if (this.textTimer) clearTimeout(this.textTimer);
  }

  /** Resolves when the queue has drained (or the outbox was disposed). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private push(job: Job): void {
    this.queue.push(job);
    this.persist();
    this.options.onState({ status: this.offline ? 'retrying' : 'saving' });
    void this.drain();
  }

  private persist(): void {
    const storage = this.options.storage;
    if (!storage) return;
    try {
      const jobs = this.pending();
      if (jobs.length) storage.setItem(this.options.storageKey, JSON.stringify({ at: this.now(), jobs }));
      else storage.removeItem(this.options.storageKey);
    } catch {
      // Storage full or disabled: the server queue and keepalive still protect the edits.
    }
  }

  private drain(): Promise<void> {
    this.draining ??= this.run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (this.queue.length && !this.disposed) {
      const job = this.queue[0]!;
      this.options.onState({ status: attempt ? 'retrying' : 'saving' });
      try {
        const saved = await this.options.send(job);
        this.queue.shift();
        this.persist();
        this.offline = false;
        attempt = 0;
        this.options.onSaved(saved, this.pending().length);
        if (!this.queue.length) this.options.onState({ status: 'saved', savedAt: this.now() });
      } catch (error) {
        if (error instanceof SaveRefused) {
          this.queue.shift();
          this.persist();
          this.options.onState({ status: 'failed', message: error.message });
          continue;
        }
        attempt += 1;
        this.offline = true;
        this.options.onState({ status: 'retrying', message: retryReason(error) });
        await this.sleep(this.backoff(attempt));
      }
    }
  }
}
