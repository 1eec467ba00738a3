/**
 * Limits that keep one board socket from costing every other room: a size cap
 * per board, token buckets per connection, a bound on updates whose
 * dependencies never arrived, and one full-state answer per sync interval.
 *
 * Every number is derived from the benches (bench/results/) with a wide margin,
 * so honest drawing never meets them:
 *  - whiteboard-doc: an hour of drawing (36,499 element updates over 300
 *    elements, two writers) leaves an encoded V1 state of 419 KB, the bytes a
 *    joiner is sent (82 KB is that state gzipped as V2, as it is stored);
 *  - whiteboard-load: an honest writer sends 10 updates a second of ~600 bytes
 *    (~6 KB/s); a real Excalidraw drag sends at most one update per animation
 *    frame (60–144 Hz), each carrying the dragged elements (~500 bytes each).
 */
import * as Y from 'yjs';

/**
 * 2 MiB of encoded V1 state: five times an hour of drawing (419 KB). History
 * grows ~8 bytes per update and content ~450 bytes per element, so a
 * three-hour session of 1,000 elements still fits. Past it, writes are refused.
 */
export const MAX_BOARD_BYTES = 2 * 1024 * 1024;

/**
 * The size is tracked as an upper bound (last measured size plus the bytes of
 * every update applied since) and measured again once that growth reaches
 * this much, so the doc is encoded at most once per 256 KiB accepted, never
 * per update. A board may therefore be refused up to 256 KiB before the cap.
 */
export const REMEASURE_EVERY_BYTES = 256 * 1024;

/**
 * Distinct Yjs client ids on one board. Every page load that draws adds one (a
 * reload is a new id), so even a three-hour session with many reloads stays in
 * the tens. Yjs copies the board's state vector, one entry per id, on every
 * transaction, so a board flooded with ids makes every later update slower for
 * everyone, for good (at 3,000 ids an update costs about 1 ms instead of
 * 0.05 ms). Past this many, an update that adds ids is refused.
 */
export const MAX_BOARD_CLIENTS = 1000;

/** How many client ids `update` would add to `doc`. Throws on a malformed update. */
export function newClientIds(doc: Y.Doc, update: Uint8Array): number {
  let added = 0;
  for (const client of Y.parseUpdateMeta(update).from.keys()) if (!doc.store.clients.has(client)) added += 1;
  return added;
}

/**
 * Updates whose dependencies are missing (a clock gap) wait in the doc's
 * pending state, which joiners receive too. Honest clients sent over one
 * ordered socket never leave any; a few updates' worth could appear in a race,
 * 256 KiB is hundreds of them.
 */
export const MAX_PENDING_BYTES = 256 * 1024;

/**
 * Document updates (sync step 2 and update messages), per connection.
 * Messages: 200/s sustained, bursts of 2,000; a 144 Hz drag sends 144/s and the
 * bench's writer 10/s (20× margin). Bytes: 1 MiB/s sustained, bursts of
 * 16 MiB. The bench's writer sends ~6 KB/s (170× margin); a drag of 14
 * elements at 144 Hz stays under the sustained rate indefinitely; dragging a
 * whole 300-element board (~150 KB per frame, 9 MB/s at 60 Hz) fits the
 * burst for about two seconds (past that, the writer is disconnected).
 * The burst also covers a reconnecting client's offline edits.
 */
export const UPDATE_MESSAGES = { burst: 2000, perSecond: 200 } as const;
export const UPDATE_BYTES = { burst: 16 * 1024 * 1024, perSecond: 1024 * 1024 } as const;

/**
 * Sync requests (sync step 1), per connection. The y-websocket client sends
 * one when its socket opens (resync is off by default). Each answer may be the
 * whole board, so a connection gets one answer per 10 s interval; a second
 * request inside the interval closes the socket (RateLimited) rather than
 * being silently ignored, because an honest client never sends one and a
 * silent drop would leave a confused client waiting. The request itself is a
 * state vector (~8 bytes per client id the board has seen); 64 KiB is
 * thousands of ids.
 */
export const SYNC_INTERVAL_MS = 10_000;
export const SYNC_REQUEST_BYTES = { burst: 64 * 1024, perSecond: 6.4 * 1024 } as const;

/**
 * Presence (awareness) messages, per connection. Each is relayed to everyone
 * in the room, so a flood costs every peer. y-websocket sends one per local
 * change (a pointer move, at most one per animation frame, ~150 bytes) plus a
 * renewal every 15 s: 100 messages/s sustained with bursts of 1,000, and
 * 64 KiB/s with bursts of 512 KiB, leave a 144 Hz pointer a wide margin.
 */
export const AWARENESS_MESSAGES = { burst: 1000, perSecond: 100 } as const;
export const AWARENESS_BYTES = { burst: 512 * 1024, perSecond: 64 * 1024 } as const;

/**
 * Messages held while a socket is authorized and its room loads: a sync
 * request, presence and at most one full frame of offline edits (1 MiB).
 * Held per socket before any check, so kept small.
 */
export const MAX_EARLY_BYTES = 2 * 1024 * 1024;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes `amount` tokens if there are that many; false (and nothing taken) otherwise. */
  take(amount: number, now = Date.now()): boolean {
    // Clamped: a wall clock stepped backwards must not drain the bucket.
    this.tokens = Math.min(this.capacity, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = Math.max(this.last, now);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}

/** Why a connection's message was refused: a close code's name and a reason. */
export interface Refusal {
  kind: 'BoardTooLarge' | 'RateLimited' | 'UnresolvedUpdates';
  reason: string;
}

/** The buckets of one connection. */
export class ConnectionLimits {
  private readonly updateMessages: TokenBucket;
  private readonly updateBytes: TokenBucket;
  private readonly syncBytes: TokenBucket;
  private readonly awarenessMessages: TokenBucket;
  private readonly awarenessBytes: TokenBucket;
  private lastSyncAnswerAt = Number.NEGATIVE_INFINITY;

  constructor(now = Date.now()) {
    this.updateMessages = new TokenBucket(UPDATE_MESSAGES.burst, UPDATE_MESSAGES.perSecond, now);
    this.updateBytes = new TokenBucket(UPDATE_BYTES.burst, UPDATE_BYTES.perSecond, now);
    this.syncBytes = new TokenBucket(SYNC_REQUEST_BYTES.burst, SYNC_REQUEST_BYTES.perSecond, now);
    this.awarenessMessages = new TokenBucket(AWARENESS_MESSAGES.burst, AWARENESS_MESSAGES.perSecond, now);
    this.awarenessBytes = new TokenBucket(AWARENESS_BYTES.burst, AWARENESS_BYTES.perSecond, now);
  }

  /** Charges a presence message of `bytes`; a refusal if over budget. */
  awareness(bytes: number, now = Date.now()): Refusal | null {
    if (!this.awarenessMessages.take(1, now)) return { kind: 'RateLimited', reason: 'too many presence updates' };
    if (!this.awarenessBytes.take(bytes, now)) return { kind: 'RateLimited', reason: 'too many presence bytes' };
    return null;
  }

  /** Charges a document update of `bytes`; a refusal if over budget. */
  update(bytes: number, now = Date.now()): Refusal | null {
    if (!this.updateMessages.take(1, now)) return { kind: 'RateLimited', reason: 'too many board updates' };
    if (!this.updateBytes.take(bytes, now)) return { kind: 'RateLimited', reason: 'too many board update bytes' };
    return null;
  }

  /** Charges a sync request of `bytes`; a refusal if inside the interval or over budget. */
  syncRequest(bytes: number, now = Date.now()): Refusal | null {
    if (now - this.lastSyncAnswerAt < SYNC_INTERVAL_MS) return { kind: 'RateLimited', reason: 'sync requests too frequent' };
    if (!this.syncBytes.take(bytes, now)) return { kind: 'RateLimited', reason: 'sync requests too large' };
    this.lastSyncAnswerAt = now;
    return null;
  }
}

/**
 * Per-connection budgets alone let an attacker reconnect and start afresh:
 * each new socket gets one more full-state answer, one more megabyte frame
 * parsed, one more gap update applied. So a user whose board sockets were
 * refused 3 times within a minute has every new board socket refused
 * (RateLimited) for the next minute, before any database work. Honest users
 * are never refused, so they never get here.
 */
export const PENALTY_REFUSALS = 3;
export const PENALTY_WINDOW_MS = 60_000;
export const PENALTY_MS = 60_000;

export class RefusalPenalties {
  private readonly entries = new Map<string, { refusals: number[]; until: number }>();

  /** Records a refusal; true when it starts a penalty (worth one log line). */
  note(userId: string, now = Date.now()): boolean {
    if (this.entries.size > 10_000) this.sweep(now);
    const entry = this.entries.get(userId) ?? { refusals: [], until: 0 };
    entry.refusals = [...entry.refusals.filter((at) => now - at < PENALTY_WINDOW_MS), now];
    this.entries.set(userId, entry);
    if (entry.refusals.length < PENALTY_REFUSALS || entry.until > now) return false;
    entry.until = now + PENALTY_MS;
    return true;
  }

  blocked(userId: string, now = Date.now()): boolean {
    return (this.entries.get(userId)?.until ?? 0) > now;
  }

  private sweep(now: number): void {
    for (const [userId, entry] of this.entries) {
      if (entry.until <= now && entry.refusals.every((at) => now - at >= PENALTY_WINDOW_MS)) this.entries.delete(userId);
    }
  }
}

/** Bytes of updates held in the doc because their dependencies are missing. */
export function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = doc.store;
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}

/** Forgets the pending state, so it neither stays in memory nor reaches joiners. */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}
