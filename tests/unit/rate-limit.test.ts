import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from '../../server/auth/rate-limit';

describe('AttemptLimiter', () => {
  const limit = { max: 3, windowMs: 60_000 };

  it('allows up to max attempts per window, then refuses with the time left', () => {
    let now = 1_000_000;
    const limiter = new AttemptLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.hit('k', limit).allowed)).toEqual([true, true, true]);
    now += 15_000;
    const refused = limiter.hit('k', limit);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(45);
  });

  it('opens a new window after the old one expires', () => {
    let now = 0;
    const limiter = new AttemptLimiter(() => now);
    for (let i = 0; i < 4; i++) limiter.hit('k', limit);
    now += 60_001;
    expect(limiter.hit('k', limit).allowed).toBe(true);
  });

  it('keeps keys independent and forgets a key on reset', () => {
    const limiter = new AttemptLimiter(() => 0);
    for (let i = 0; i < 4; i++) limiter.hit('a', limit);
    expect(limiter.hit('b', limit).allowed).toBe(true);
    expect(limiter.hit('a', limit).allowed).toBe(false);
    limiter.reset('a');
    expect(limiter.hit('a', limit).allowed).toBe(true);
  });
});
