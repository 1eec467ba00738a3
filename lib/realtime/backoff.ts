/**
 * Reconnect delays: exponential, capped, and jittered (each delay is drawn
 * from 50–150% of the step) so clients of a restarted server do not all
 * return in the same instant.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, baseMs = 250, capMs = 8000): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step * (0.5 + random()));
}
