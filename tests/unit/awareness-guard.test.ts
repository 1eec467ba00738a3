import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { colorForUser } from '../../lib/whiteboard/awareness';
import { AwarenessOwners, AwarenessRejected, filterAwarenessUpdate, presenceName } from '../../server/realtime/yjs/awareness-guard';

function update(entries: [clientId: number, clock: number, state: unknown][]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}

function entries(message: Uint8Array | null): [number, number, unknown][] {
  if (!message) return [];
  const d = decoding.createDecoder(message);
  return Array.from({ length: decoding.readVarUint(d) }, () => [decoding.readVarUint(d), decoding.readVarUint(d), JSON.parse(decoding.readVarString(d))]);
}

const cal = { id: 'cal', role: 'candidate', name: 'Cal Candidate' };
const ines = { id: 'ines', role: 'interviewer', name: 'Ines Interviewer' };
const stateOf = (who: { id: string; role: string }, name: string) => ({ user: { id: who.id, name, color: '#000000', role: who.role }, pointer: null });

describe('filterAwarenessUpdate', () => {
  it("replaces the claimed name and colour with the session's", () => {
    const out = entries(filterAwarenessUpdate(update([[1, 1, stateOf(cal, 'Alice Interviewer')]]), {}, cal, new AwarenessOwners()));
    expect(out).toEqual([[1, 1, { user: { id: 'cal', name: 'Cal Candidate', color: colorForUser('cal'), role: 'candidate' }, pointer: null }]]);
  });

  it("drops entries for another user's client id, and lets the owner's next connection reuse it", () => {
    const owners = new AwarenessOwners();
    const inesSocket = {};
    filterAwarenessUpdate(update([[7, 1, stateOf(ines, 'Ines')]]), inesSocket, ines, owners);
    expect(filterAwarenessUpdate(update([[7, 99, {}]]), {}, cal, owners)).toBeNull();
    expect(filterAwarenessUpdate(update([[7, 99, null]]), {}, cal, owners)).toBeNull();
    // The owner's reconnect (a new socket, the same client id) is hers.
    expect(entries(filterAwarenessUpdate(update([[7, 2, stateOf(ines, 'Ines')]]), {}, ines, owners))).toHaveLength(1);
    // A mixed update keeps only the sender's own entries.
    expect(entries(filterAwarenessUpdate(update([[7, 100, {}], [8, 1, {}]]), {}, cal, owners)).map(([id]) => id)).toEqual([8]);
  });

  it('keeps ownership after a connection goes, so the id cannot be grabbed in the gap', () => {
    const owners = new AwarenessOwners();
    filterAwarenessUpdate(update([[7, 1, {}]]), {}, ines, owners);
    // (The room forgets sockets when they close, never owners.)
    expect(filterAwarenessUpdate(update([[7, 5, {}]]), {}, cal, owners)).toBeNull();
  });

  it('refuses a state that describes someone else, and a connection claiming many ids', () => {
    expect(() => filterAwarenessUpdate(update([[1, 1, stateOf(ines, 'x')]]), {}, cal, new AwarenessOwners())).toThrow(AwarenessRejected);
    const owners = new AwarenessOwners();
    const socket = {};
    for (let id = 1; id <= 4; id++) filterAwarenessUpdate(update([[id, 1, {}]]), socket, cal, owners);
    expect(() => filterAwarenessUpdate(update([[5, 1, {}]]), socket, cal, owners)).toThrow(/too many awareness client ids/);
  });

  it("forgets a user's oldest claims past 32, never another user's", () => {
    const owners = new AwarenessOwners();
    filterAwarenessUpdate(update([[1000, 1, {}]]), {}, ines, owners);
    for (let id = 1; id <= 40; id++) filterAwarenessUpdate(update([[id, 1, {}]]), {}, cal, owners);
    expect(owners.owner(1000)).toBe('ines');
    expect(owners.owner(1)).toBeUndefined();
    expect(owners.owner(40)).toBe('cal');
    expect(owners.size).toBe(33);
  });
});

describe('presenceName', () => {
  it('fits the schema: trimmed, at most 80 characters, never empty', () => {
    expect(presenceName('  Ada  ')).toBe('Ada');
    expect(presenceName('x'.repeat(100))).toHaveLength(80);
    expect(presenceName('   ')).toBe('Guest');
  });
});
