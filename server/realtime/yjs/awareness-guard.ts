/**
 * Awareness is relayed to everyone in the room, so the server filters every
 * awareness update before applying it:
 *  - each awareness client id belongs to the *user* whose connection first
 *    announced it in this room, for the room's life. Entries for an id owned
 *    by someone else are dropped silently: y-websocket clients re-send every
 *    peer state they learn, so such entries are normally harmless echoes, and
 *    closing on them would disconnect honest clients; a spoof (another user's
 *    id with a high clock and an empty state, to hide them) is dropped the same
 *    way. Ownership outlives the connection: the owner's reconnect (same doc,
 *    same client id) takes it back, while a stranger cannot grab it in the gap;
 *  - a socket's own states must match the shared schema in lib/ and describe
 *    the connected user (their id and their real role), or the socket is
 *    closed with 4400;
 *  - the name and colour are the server's, from the session, whatever the
 *    client claimed: a candidate cannot appear as "Alice Interviewer".
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { awarenessStateSchema, colorForUser } from '../../../lib/whiteboard/awareness';

export class AwarenessRejected extends Error {}

const MAX_ENTRIES = 16;
/** A y-websocket client has one client id per document; a few more allow for odd clients, not for squatting. */
const MAX_IDS_PER_CONNECTION = 4;
/** Each reload brings a new client id; past this many per user, their oldest (long dead) claims are forgotten. */
const MAX_IDS_PER_USER = 32;

/** Who is shown on the board for a connection: decided by the server. */
export interface PresenceIdentity {
  id: string;
  role: string;
  /** The display name from the session. */
  name: string;
}

/** The room's record of which user owns each awareness client id. */
export class AwarenessOwners {
  private readonly ownerOf = new Map<number, string>();
  private readonly idsOf = new Map<string, number[]>();
  private readonly claimsBy = new WeakMap<object, number>();

  owner(clientId: number): string | undefined {
    return this.ownerOf.get(clientId);
  }

  claim(clientId: number, userId: string, socket: object): void {
    const claims = (this.claimsBy.get(socket) ?? 0) + 1;
    if (claims > MAX_IDS_PER_CONNECTION) throw new AwarenessRejected(`too many awareness client ids from one connection (${claims})`);
    this.claimsBy.set(socket, claims);
    this.ownerOf.set(clientId, userId);
    const ids = this.idsOf.get(userId) ?? [];
    ids.push(clientId);
    while (ids.length > MAX_IDS_PER_USER) this.ownerOf.delete(ids.shift()!);
    this.idsOf.set(userId, ids);
  }

  get size(): number {
    return this.ownerOf.size;
  }
}

interface Entry {
  clientId: number;
  clock: number;
  json: string;
}

/** The display name as awareness carries it (the schema's 1–80 characters). */
export function presenceName(name: string): string {
  return name.trim().slice(0, 80).trim() || 'Guest';
}

/**
 * Returns the update restricted to entries this socket may publish, with the
 * server's name and colour in each (null when none remain), recording
 * ownership of new client ids in `owners`.
 */
export function filterAwarenessUpdate(update: Uint8Array, socket: object, user: PresenceIdentity, owners: AwarenessOwners): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES) throw new AwarenessRejected(`too many awareness states in one update (${count})`);
  const kept: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const entry = { clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) };
    const owner = owners.owner(entry.clientId);
    if (owner !== undefined && owner !== user.id) continue;
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
      entry.json = JSON.stringify({ ...parsed.data, user: { ...parsed.data.user, name: presenceName(user.name), color: colorForUser(user.id) } });
    }
    if (owner === undefined) owners.claim(entry.clientId, user.id, socket);
    kept.push(entry);
  }
  if (kept.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const e of kept) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}
