/**
 * The evaluation autosave outbox on its own: order, retry, refusal, replay
 * after a reload, and the 12-hour discard. `send` stands for the network: it
 * records what would go over the wire and answers as the test scripts it.
 */
import { describe, expect, it } from 'vitest';
import { OUTBOX_MAX_AGE_MS, Outbox, SaveRefused, readStoredJobs, type Job, type OutboxOptions, type OutboxStorage, type SaveState } from '../../app/interviews/[id]/_components/panel/outbox';
import { ApiError } from '../../lib/api/errors';
import type { EvaluationView } from '../../lib/rubric/evaluation';

/** The Web Storage interface over a Map, as localStorage behaves. */
class MemoryStorage implements OutboxStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const KEY = 'mockroom:unsaved:test';
const view = (n: number): EvaluationView => ({
  rubricVersion: 'r1',
  scores: {},
  marks: [],
  recommendation: null,
  levelEstimate: null,
  candidateFeedback: `v${n}`,
  updatedAt: null,
  releasedAt: null,
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

interface Harness {
  outbox: Outbox;
  sent: Job[];
  states: SaveState[];
  saved: { saved: EvaluationView; pending: number }[];
  sleeps: number[];
  storage: MemoryStorage;
}

/** `answer(job, n)` decides each send: return a view, or throw. */
function harness(answer: (job: Job, n: number) => Promise<EvaluationView> | EvaluationView, extra: Partial<OutboxOptions> = {}): Harness {
  const h = { sent: [] as Job[], states: [] as SaveState[], saved: [] as Harness['saved'], sleeps: [] as number[], storage: new MemoryStorage() };
  const outbox = new Outbox({
    storageKey: KEY,
    storage: h.storage,
    send: async (job) => {
      h.sent.push(job);
      return answer(job, h.sent.length);
    },
    onState: (s) => h.states.push(s),
    onSaved: (saved, pending) => h.saved.push({ saved, pending }),
    sleep: async (ms) => {
      h.sleeps.push(ms);
    },
    backoff: (attempt) => attempt * 100,
    debounceMs: 20,
    ...extra,
  });
  return { ...h, outbox };
}

const patch = (candidateFeedback: string): Job => ({ method: 'PATCH', path: '/evaluation', body: { candidateFeedback } });
const tick = (index: number): Job => ({ method: 'PUT', path: '/evaluation/marks', body: { kind: 'red_flag', index, checked: true } });
const stored = (storage: MemoryStorage) => JSON.parse(storage.getItem(KEY) ?? 'null') as { at: number; jobs: Job[] } | null;

describe('order', () => {
  it('sends one job at a time, in the order they were made', async () => {
    const gates = [deferred<EvaluationView>(), deferred<EvaluationView>(), deferred<EvaluationView>()];
    const h = harness((_job, n) => gates[n - 1]!.promise);
    h.outbox.enqueue(patch('a'));
    h.outbox.enqueue(tick(0));
    h.outbox.enqueue(patch('b'));
    await Promise.resolve();
    expect(h.sent).toEqual([patch('a')]);
    gates[0]!.resolve(view(1));
    await expect.poll(() => h.sent.length).toBe(2);
    expect(h.sent[1]).toEqual(tick(0));
    gates[1]!.resolve(view(2));
    gates[2]!.resolve(view(3));
    await h.outbox.idle();
    expect(h.sent).toEqual([patch('a'), tick(0), patch('b')]);
    expect(h.saved.map((s) => s.pending)).toEqual([2, 1, 0]);
    expect(h.states.at(-1)).toMatchObject({ status: 'saved' });
    expect(h.storage.getItem(KEY)).toBeNull();
  });

  it('merges typing into one PATCH after a pause, and saves typed text before a later tick', async () => {
    const h = harness(() => view(1));
    h.outbox.type({ candidateFeedback: 'Cl' });
    h.outbox.type({ scores: { 'problem-framing': { summary: 'ok' } } });
    h.outbox.type({ candidateFeedback: 'Clear' });
    expect(h.sent).toEqual([]);
    expect(stored(h.storage)?.jobs).toEqual([{ method: 'PATCH', path: '/evaluation', body: { candidateFeedback: 'Clear', scores: { 'problem-framing': { summary: 'ok' } } } }]);
    await expect.poll(() => h.sent.length).toBe(1);
    expect(h.sent[0]!.body).toEqual({ candidateFeedback: 'Clear', scores: { 'problem-framing': { summary: 'ok' } } });

    h.outbox.type({ candidateFeedback: 'Clear framing' });
    h.outbox.enqueue(tick(3));
    await h.outbox.idle();
    expect(h.sent.slice(1)).toEqual([patch('Clear framing'), tick(3)]);
  });
});

describe('failures', () => {
  it('retries a lost connection with backoff and drops nothing', async () => {
    const h = harness((_job, n) => {
      if (n <= 2) throw new TypeError('Failed to fetch');
      return view(n);
    });
    h.outbox.enqueue(patch('kept'));
    await h.outbox.idle();
    expect(h.sent).toEqual([patch('kept'), patch('kept'), patch('kept')]);
    expect(h.sleeps).toEqual([100, 200]);
    expect(h.states.map((s) => s.status)).toEqual(['saving', 'saving', 'retrying', 'retrying', 'retrying', 'retrying', 'saved']);
    expect(h.states[2]!.message).toMatch(/Connection lost/);
    expect(h.outbox.offline).toBe(false);
    expect(h.storage.getItem(KEY)).toBeNull();
  });

  it('retries while the server says its database is unreachable (503), in the server\'s words, then saves', async () => {
    const h = harness((_job, n) => {
      if (n === 1) throw new ApiError(503, 'unavailable', 'The database is unreachable right now; the save will be retried.');
      return view(n);
    });
    h.outbox.enqueue(patch('kept'));
    await h.outbox.idle();
    expect(h.sent).toEqual([patch('kept'), patch('kept')]);
    const retrying = h.states.find((s) => s.status === 'retrying' && s.message);
    expect(retrying?.message).toMatch(/^The database is unreachable right now; the save will be retried\./);
    expect(h.states.some((s) => s.status === 'failed')).toBe(false);
    expect(h.states.at(-1)!.status).toBe('saved');
  });

  it('is offline, with the job still stored, while the network stays down', async () => {
    const gate = deferred<void>();
    const h = harness(
      () => {
        throw new TypeError('Failed to fetch');
      },
      { sleep: () => gate.promise },
    );
    h.outbox.enqueue(patch('pending'));
    await expect.poll(() => h.outbox.offline).toBe(true);
    expect(stored(h.storage)?.jobs).toEqual([patch('pending')]);
    h.outbox.dispose();
    gate.resolve();
  });

  it('reports a refusal, drops that job, and carries on with the next', async () => {
    const h = harness((job) => {
      if (job.method === 'PUT') throw new SaveRefused('index: must be 0 or more');
      return view(1);
    });
    h.outbox.enqueue(tick(-1));
    h.outbox.enqueue(patch('after'));
    await h.outbox.idle();
    expect(h.sent).toEqual([tick(-1), patch('after')]);
    expect(h.states).toContainEqual({ status: 'failed', message: 'index: must be 0 or more' });
    expect(h.sleeps).toEqual([]);
    expect(h.storage.getItem(KEY)).toBeNull();
  });
});

describe('reload', () => {
  it('a new page replays what the last one left unsaved, in order, text included', async () => {
    const first = harness(() => new Promise<EvaluationView>(() => {}));
    first.outbox.enqueue(patch('one'));
    first.outbox.enqueue(tick(1));
    first.outbox.type({ candidateFeedback: 'typed, not yet sent' });
    first.outbox.dispose();

    const second = harness(() => view(9));
    second.storage.items.clear();
    for (const [k, v] of first.storage.items) second.storage.setItem(k, v);
    const jobs = second.outbox.stored();
    expect(jobs).toEqual([patch('one'), tick(1), patch('typed, not yet sent')]);
    second.outbox.resume(jobs);
    await second.outbox.idle();
    expect(second.sent).toEqual(jobs);
    expect(second.storage.getItem(KEY)).toBeNull();
  });

  it('discards an outbox older than 12 hours', () => {
    const storage = new MemoryStorage();
    const at = Date.UTC(2026, 10, 30, 8);
    storage.setItem(KEY, JSON.stringify({ at, jobs: [patch('old')] }));
    expect(readStoredJobs(storage, KEY, at + OUTBOX_MAX_AGE_MS - 1)).toEqual([patch('old')]);
    expect(readStoredJobs(storage, KEY, at + OUTBOX_MAX_AGE_MS + 1)).toEqual([]);
  });

  it('ignores corrupt or foreign stored entries', () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, '{not json');
    expect(readStoredJobs(storage, KEY, Date.now())).toEqual([]);
    storage.setItem(KEY, JSON.stringify({ at: Date.now(), jobs: [{ method: 'DELETE', path: '/notes/1', body: {} }, patch('ok'), { method: 'PUT', path: '/evaluation/marks' }] }));
    expect(readStoredJobs(storage, KEY, Date.now())).toEqual([patch('ok')]);
    expect(readStoredJobs(null, KEY, Date.now())).toEqual([]);
  });
});

describe('leaving the page', () => {
  it('sends everything pending with keepalive, including text still being typed', () => {
    const left: Job[] = [];
    const h = harness(() => new Promise<EvaluationView>(() => {}), { sendOnLeave: (job) => left.push(job) });
    h.outbox.enqueue(tick(2));
    h.outbox.type({ candidateFeedback: 'last words' });
    h.outbox.leave();
    expect(left).toEqual([tick(2), patch('last words')]);
    h.outbox.dispose();
  });

  it('works without storage (private mode): nothing to replay, saves still go out', async () => {
    const h = harness(() => view(1), { storage: null });
    h.outbox.enqueue(patch('no storage'));
    await h.outbox.idle();
    expect(h.sent).toEqual([patch('no storage')]);
    expect(h.outbox.stored()).toEqual([]);
  });
});
