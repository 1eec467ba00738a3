/**
 * Fixed-window attempt counters for sign-in, sign-up and magic-link requests.
 * In memory: a room is pinned to one node and so is its sign-in traffic in the
 * single-node default; a multi-node deployment would put a Redis-backed
 * `RateLimiter` (INCR + EXPIRE per key) behind `limiter()` instead. Callers
 * await every call, so such a store can be asynchronous.
 */
export interface Limit {
  max: number;
  windowMs: number;
}

export interface Verdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Records one attempt under `key` and says whether it may proceed. */
  hit(key: string, limit: Limit): Verdict | Promise<Verdict>;
  reset(key: string): void | Promise<void>;
}

export class AttemptLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records one attempt under `key` and says whether it may proceed. */
  hit(key: string, limit: Limit): Verdict {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    this.sweep(now);
    return { allowed: window.count <= limit.max, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)) };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private lastSweep = 0;
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

// One limiter per process: Next may load this module once per route bundle.
const holder = globalThis as typeof globalThis & { __mockroomLimiter?: RateLimiter };
export function limiter(): RateLimiter {
  holder.__mockroomLimiter ??= new AttemptLimiter();
  return holder.__mockroomLimiter;
}
