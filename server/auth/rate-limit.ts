/**
 * Fixed-window attempt counters for sign-in and sign-up, per IP and per email.
 * In memory: a room is pinned to one node and so is its sign-in traffic in the
 * single-node default; a multi-node deployment would move this to Redis behind
 * the same interface.
 */
export interface Limit {
  max: number;
  windowMs: number;
}

export interface Verdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

export class AttemptLimiter {
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
const holder = globalThis as typeof globalThis & { __mockroomLimiter?: AttemptLimiter };
export function limiter(): AttemptLimiter {
  holder.__mockroomLimiter ??= new AttemptLimiter();
  return holder.__mockroomLimiter;
}
