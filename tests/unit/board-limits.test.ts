/**
 * The board's per-connection budgets, on a fake clock: token buckets refill
 * at their rate up to their burst, and a connection gets one full-state
 * answer per sync interval.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { boardRefusalMessage, CloseCode, isTerminalClose } from '../../lib/realtime/close-codes';
import {
  ConnectionLimits,
  dropPending,
  pendingBytes,
  PENALTY_MS,
  PENALTY_REFUSALS,
  PENALTY_WINDOW_MS,
  RefusalPenalties,
  SYNC_INTERVAL_MS,
  TokenBucket,
  UPDATE_BYTES,
  UPDATE_MESSAGES,
} from '../../server/realtime/yjs/limits';

describe('TokenBucket', () => {
  it('allows the burst, then only what refilled', () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect(bucket.take(10, 0)).toBe(true);
    expect(bucket.take(1, 0)).toBe(false);
    expect(bucket.take(5, 1000)).toBe(true);
    expect(bucket.take(1, 1000)).toBe(false);
  });

  it('never holds more than its capacity, however long it idles', () => {
    const bucket = new TokenBucket(10, 5, 0);
    expect(bucket.take(10, 3_600_000)).toBe(true);
    expect(bucket.take(1, 3_600_000)).toBe(false);
  });

  it('takes nothing when it refuses', () => {
    const bucket = new TokenBucket(10, 1, 0);
    expect(bucket.take(11, 0)).toBe(false);
    expect(bucket.take(10, 0)).toBe(true);
  });
});

describe('ConnectionLimits', () => {
  it('refuses updates past the message burst, and allows them again at the sustained rate', () => {
    const limits = new ConnectionLimits(0);
    for (let i = 0; i < UPDATE_MESSAGES.burst; i++) expect(limits.update(10, 0)).toBeNull();
    expect(limits.update(10, 0)).toEqual({ kind: 'RateLimited', reason: 'too many board updates' });
    const fresh = new ConnectionLimits(0);
    for (let i = 0; i < UPDATE_MESSAGES.burst; i++) fresh.update(10, 0);
    expect(fresh.update(10, 1000 / UPDATE_MESSAGES.perSecond)).toBeNull();
  });

  it('refuses updates past the byte burst', () => {
    const limits = new ConnectionLimits(0);
    const frame = 1024 * 1024;
    for (let i = 0; i < UPDATE_BYTES.burst / frame; i++) expect(limits.update(frame, 0)).toBeNull();
    expect(limits.update(frame, 0)).toEqual({ kind: 'RateLimited', reason: 'too many board update bytes' });
  });

  it('answers one sync request per interval', () => {
    const limits = new ConnectionLimits(0);
    expect(limits.syncRequest(1, 0)).toBeNull();
    expect(limits.syncRequest(1, SYNC_INTERVAL_MS - 1)).toEqual({ kind: 'RateLimited', reason: 'sync requests too frequent' });
    const later = new ConnectionLimits(0);
    expect(later.syncRequest(1, 0)).toBeNull();
    expect(later.syncRequest(1, SYNC_INTERVAL_MS)).toBeNull();
  });

  it('refuses an oversized state vector', () => {
    expect(new ConnectionLimits(0).syncRequest(1024 * 1024, 0)).toEqual({ kind: 'RateLimited', reason: 'sync requests too large' });
  });
});

describe('RefusalPenalties', () => {
  it('blocks a user refused repeatedly within the window, for the penalty time only', () => {
    const penalties = new RefusalPenalties();
    for (let i = 1; i < PENALTY_REFUSALS; i++) expect(penalties.note('u', i)).toBe(false);
    expect(penalties.blocked('u', PENALTY_REFUSALS)).toBe(false);
    expect(penalties.note('u', PENALTY_REFUSALS)).toBe(true);
    expect(penalties.blocked('u', PENALTY_REFUSALS + 1)).toBe(true);
    expect(penalties.blocked('someone-else', PENALTY_REFUSALS + 1)).toBe(false);
    expect(penalties.blocked('u', PENALTY_REFUSALS + PENALTY_MS)).toBe(false);
  });

  it('forgets refusals older than the window', () => {
    const penalties = new RefusalPenalties();
    for (let i = 0; i < PENALTY_REFUSALS - 1; i++) penalties.note('u', 0);
    expect(penalties.note('u', PENALTY_WINDOW_MS)).toBe(false);
    expect(penalties.blocked('u', PENALTY_WINDOW_MS)).toBe(false);
  });
});

describe('pending state', () => {
  it('measures and drops updates waiting for a missing dependency', () => {
    const source = new Y.Doc();
    const map = source.getMap('elements');
    map.set('first', 1);
    const before = Y.encodeStateVector(source);
    map.set('second', 'x'.repeat(5000));
    const gap = Y.encodeStateAsUpdate(source, before);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, gap);
    expect(pendingBytes(doc)).toBeGreaterThan(5000);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(5000);
    dropPending(doc);
    expect(pendingBytes(doc)).toBe(0);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(100);
  });
});

describe('limit close codes', () => {
  it('are terminal (the client does not retry) and each has a message for the user', () => {
    for (const code of [CloseCode.BoardTooLarge, CloseCode.RateLimited, CloseCode.UnresolvedUpdates]) {
      expect(isTerminalClose(code)).toBe(true);
      expect(boardRefusalMessage(code)).toMatch(/\w/);
    }
    expect(boardRefusalMessage(CloseCode.Forbidden)).toBeUndefined();
  });
});
