import { describe, expect, it } from 'vitest';
import { loudestBlockRms } from '../../app/interviews/[id]/_components/call/speaking';

// 20 ms of a full-scale 400 Hz square wave at 48 kHz, the shape of Chromium's fake-microphone beep.
function withBurst(length: number, at: number, burst = 960): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < burst; i++) out[at + i] = Math.floor(i / 60) % 2 ? 0.5 : -0.5;
  return out;
}

describe('loudestBlockRms', () => {
  it('is zero for silence', () => {
    expect(loudestBlockRms(new Float32Array(8192))).toBe(0);
  });

  it('finds a short burst that an average over the whole window would dilute below the threshold', () => {
    const samples = withBurst(8192, 5000, 300);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const wholeWindow = Math.sqrt(sum / samples.length);
    expect(wholeWindow).toBeLessThan(0.1);
    expect(loudestBlockRms(samples)).toBeGreaterThan(0.25);
  });

  it('handles a window that is not a multiple of the block size, including a burst in the last part', () => {
    const samples = withBurst(1000, 900, 100);
    expect(loudestBlockRms(samples, 512)).toBeCloseTo(Math.sqrt((100 * 0.25) / 488), 5);
  });
});
