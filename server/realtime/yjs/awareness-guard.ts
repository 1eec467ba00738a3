/**
 * Awareness is relayed to everyone in the room, so the server filters every
 * awareness update before applying it:
 *  - each awareness client id belongs to the socket that first announced it;
 *  - entries for ids owned by another socket are dropped silently (the
 *    y-websocket client re-sends every peer state it learns, so these are
 *    normally harmless echoes; they are also how a spoof would arrive);
 *  - a socket's own states must match the shared schema in lib/ and describe
 *    the connected user (their id and their real role).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { awarenessStateSchema } from '../../../lib/whiteboard/awareness';

export class AwarenessRejected extends Error {}

const MAX_ENTRIES = 16;

interface Entry {
  clientId: number;
  clock: number;
  json: string;
}

/**
 * Returns the update restricted to entries this socket may publish (null when
 * none remain), recording ownership of new client ids in `owners`.
 */
export function filterAwarenessUpdate(
  update: Uint8Array,
  socket: object,
  user: { id: string; role: string },
  owners: Map<number, object>,
): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES) throw new AwarenessRejected(`too many awareness states in one update (${count})`);
  const kept: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const entry = { clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) };
    const owner = owners.get(entry.clientId);
    if (owner && owner !== socket) continue;
    const state: unknown = JSON.parse(entry.json);
    // null is a client leaving; {} is the protocol's default "present, sharing nothing yet".
    const empty = state === null || (typeof state === 'object' && !Array.isArray(state) && Object.keys(state).length === 0);
    if (!empty) {
      const parsed = awarenessStateSchema.safeParse(state);
      if (!parsed.success) {
        throw new AwarenessRejected(`awareness state: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      if (parsed.data.user.id !== user.id || parsed.data.user.role !== user.role) {
        throw new AwarenessRejected('awareness state must describe the connected user');
      }
    }
    if (!owner) owners.set(entry.clientId, socket);
    kept.push(entry);
  }
  if (kept.length === 0) return null;
  if (kept.length === count) return update;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const e of kept) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}
