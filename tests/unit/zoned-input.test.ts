/** datetime-local values read and written in the user's zone, not the machine's. */
import { describe, expect, it } from 'vitest';
import { fromZonedInput, toZonedInput } from '../../lib/time/zoned-input';

describe('zoned datetime-local values', () => {
  it('reads a wall time in the given zone', () => {
    expect(fromZonedInput('2026-12-10T16:00', 'Europe/Berlin')?.toISOString()).toBe('2026-12-10T15:00:00.000Z');
    expect(fromZonedInput('2026-07-10T16:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-10T14:00:00.000Z');
    expect(fromZonedInput('2026-12-10T09:30', 'Asia/Kolkata')?.toISOString()).toBe('2026-12-10T04:00:00.000Z');
    expect(fromZonedInput('2026-12-10T09:30', 'UTC')?.toISOString()).toBe('2026-12-10T09:30:00.000Z');
  });

  it('writes a moment as the wall time in the zone, and round-trips', () => {
    expect(toZonedInput('2026-12-10T15:00:00Z', 'America/New_York')).toBe('2026-12-10T10:00');
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'Australia/Adelaide', 'UTC']) {
      const at = new Date('2027-03-28T00:30:00Z');
      expect(fromZonedInput(toZonedInput(at, zone), zone)?.toISOString(), zone).toBe(at.toISOString());
    }
  });

  it('rejects what is not a datetime-local value', () => {
    expect(fromZonedInput('', 'UTC')).toBeNull();
    expect(fromZonedInput('tomorrow', 'UTC')).toBeNull();
  });
});
