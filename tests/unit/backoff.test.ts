import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../lib/realtime/backoff';

describe('reconnectDelay', () => {
  it('grows exponentially up to the cap', () => {
    const mid = () => 0.5; // no jitter at the midpoint
    expect([0, 1, 2, 3, 10].map((n) => reconnectDelay(n, mid))).toEqual([250, 500, 1000, 2000, 8000]);
  });

  it('spreads each step across 50–150% of it', () => {
    expect(reconnectDelay(2, () => 0)).toBe(500);
    expect(reconnectDelay(2, () => 0.999999)).toBe(1500);
    const samples = new Set(Array.from({ length: 50 }, () => reconnectDelay(3)));
    expect(samples.size).toBeGreaterThan(10);
  });
});
