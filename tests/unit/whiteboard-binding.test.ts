import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type ElementLike,
  mergeRemote,
  observeRemoteElements,
  readElements,
  supersedes,
  writeLocalElements,
  yjsServerUrl,
} from '../../lib/whiteboard/binding';
import {
  USER_COLORS,
  awarenessStateSchema,
  colorForUser,
  parseAwarenessState,
} from '../../lib/whiteboard/awareness';
import { YJS_WS_PREFIX } from '../../lib/realtime/protocol';

type El = ElementLike & { type: string; index: string; x: number };

function el(id: string, version: number, over: Partial<El> = {}): El {
  return { id, type: 'rectangle', version, versionNonce: 1000 + version, isDeleted: false, index: 'a0', x: 0, ...over };
}

const LOCAL = Symbol('local');

/** A doc with a fixed client id (Yjs orders concurrent writes to one key by it) and the repair observer on. */
function peer(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  observeRemoteElements(doc, { localOrigin: LOCAL, repair: true, onChange: () => {} });
  return doc;
}

/** Ships what `from` has and `to` lacks, the way y-websocket's sync does. */
function ship(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

/** Exchanges until both state vectors agree; repairs may add a round. */
function syncAll(a: Y.Doc, b: Y.Doc): void {
  for (let round = 0; round < 10; round++) {
    ship(a, b);
    ship(b, a);
    const same = Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
    if (same) return;
  }
  throw new Error('docs did not converge in 10 rounds');
}

const byId = (doc: Y.Doc) =>
  Object.fromEntries(readElements(doc).map((e) => [e.id, { version: e.version, nonce: e.versionNonce, x: e.x, isDeleted: e.isDeleted }]));

describe('writeLocalElements', () => {
  it('writes new and newer elements and never lets a stale version overwrite a newer one', () => {
    const doc = new Y.Doc();
    expect(writeLocalElements(doc, [el('r1', 3, { x: 30 })], LOCAL)).toBe(1);
    expect(writeLocalElements(doc, [el('r1', 2, { x: 20 })], LOCAL)).toBe(0);
    expect(writeLocalElements(doc, [el('r1', 3, { x: 30 })], LOCAL)).toBe(0);
    expect(byId(doc).r1).toMatchObject({ version: 3, x: 30 });
    expect(writeLocalElements(doc, [el('r1', 4, { x: 40 }), el('r2', 1)], LOCAL)).toBe(2);
    expect(byId(doc).r1).toMatchObject({ version: 4, x: 40 });
  });

  it('breaks an equal-version tie towards the lower versionNonce, like reconcileElements', () => {
    const doc = new Y.Doc();
    writeLocalElements(doc, [el('r1', 5, { versionNonce: 50 })], LOCAL);
    expect(writeLocalElements(doc, [el('r1', 5, { versionNonce: 90, x: 9 })], LOCAL)).toBe(0);
    expect(writeLocalElements(doc, [el('r1', 5, { versionNonce: 10, x: 1 })], LOCAL)).toBe(1);
    expect(byId(doc).r1).toMatchObject({ nonce: 10, x: 1 });
    expect(supersedes(el('a', 2), el('a', 1))).toBe(true);
    expect(supersedes(el('a', 1), el('a', 2))).toBe(false);
  });

  it('writes a batch in one transaction and opens none when nothing is newer', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    writeLocalElements(doc, [el('a', 1), el('b', 1), el('c', 1)], LOCAL);
    expect(updates).toBe(1);
    writeLocalElements(doc, [el('a', 1), el('b', 1), el('c', 1)], LOCAL);
    expect(updates).toBe(1);
  });

  it('stores a copy, so mutating the element in place (as Excalidraw does) cannot change the doc', () => {
    const doc = new Y.Doc();
    const mutable = { ...el('r1', 1), points: [[0, 0]] };
    writeLocalElements(doc, [mutable], LOCAL);
    mutable.version = 2;
    mutable.points[0][0] = 99;
    expect(readElements(doc)[0]).toMatchObject({ version: 1, points: [[0, 0]] });
    expect(writeLocalElements(doc, [mutable], LOCAL)).toBe(1);
    const read = readElements(doc)[0] as unknown as { points: number[][] };
    read.points[0][0] = -1;
    expect(readElements(doc)[0]).toMatchObject({ version: 2, points: [[99, 0]] });
  });
  it('reads elements back in z-order (index, then id), whatever order they were written in', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const els = [el('c', 1, { index: 'a2' }), el('b', 1, { index: 'a1' }), el('z', 1, { index: 'a1' }), el('n', 1, { index: null as unknown as string }), el('a', 1, { index: 'a0' })];
    writeLocalElements(a, els, LOCAL);
    for (const e of [...els].reverse()) writeLocalElements(b, [e], LOCAL);
    const order = (doc: Y.Doc) => readElements(doc).map((e) => e.id);
    expect(order(a)).toEqual(['a', 'b', 'z', 'c', 'n']);
    expect(order(b)).toEqual(order(a));
  });
});

describe('two synced docs', () => {
  it('syncs deletions as tombstones, never as key removals', () => {
    const [a, b] = [peer(1), peer(2)];
    writeLocalElements(a, [el('r1', 1)], LOCAL);
    syncAll(a, b);
    writeLocalElements(a, [el('r1', 2, { isDeleted: true })], LOCAL);
    syncAll(a, b);
    expect(byId(b).r1).toMatchObject({ version: 2, isDeleted: true });
    expect(b.getMap('elements').has('r1')).toBe(true);
    // A late, stale write from a peer that missed the deletion cannot resurrect it.
    expect(writeLocalElements(b, [el('r1', 1)], LOCAL)).toBe(0);
  });

  it('keeps concurrent edits to different elements from both peers', () => {
    const [a, b] = [peer(1), peer(2)];
    writeLocalElements(a, [el('shared', 1)], LOCAL);
    syncAll(a, b);
    writeLocalElements(a, [el('fromA', 1), el('shared', 2, { x: 1 })], LOCAL);
    writeLocalElements(b, [el('fromB', 1)], LOCAL);
    syncAll(a, b);
    expect(Object.keys(byId(a)).sort()).toEqual(['fromA', 'fromB', 'shared']);
    expect(byId(a)).toEqual(byId(b));
    expect(byId(b).shared).toMatchObject({ version: 2, x: 1 });
  });

  // Yjs resolves two concurrent sets of one key by client id. Both id orders
  // and both delivery orders are tried, so the higher version must win even
  // when Yjs itself would have picked the stale write.
  for (const [aId, bId] of [[1, 2], [2, 1]] as const) {
    for (const firstToArrive of ['a', 'b'] as const) {
      it(`converges on the higher version (client ids ${aId}/${bId}, ${firstToArrive}'s update delivered first)`, () => {
        const [a, b] = [peer(aId), peer(bId)];
        writeLocalElements(a, [el('r1', 1)], LOCAL);
        syncAll(a, b);
        writeLocalElements(a, [el('r1', 5, { x: 5 })], LOCAL);
        writeLocalElements(b, [el('r1', 3, { x: 3 })], LOCAL);
        if (firstToArrive === 'a') ship(a, b);
        else ship(b, a);
        syncAll(a, b);
        expect(byId(a).r1).toMatchObject({ version: 5, x: 5 });
        expect(byId(a)).toEqual(byId(b));
      });
    }

    it(`converges on the lower nonce for an equal version (client ids ${aId}/${bId})`, () => {
      const [a, b] = [peer(aId), peer(bId)];
      writeLocalElements(a, [el('r1', 4, { versionNonce: 700, x: 7 })], LOCAL);
      writeLocalElements(b, [el('r1', 4, { versionNonce: 200, x: 2 })], LOCAL);
      syncAll(a, b);
      expect(byId(a).r1).toMatchObject({ version: 4, nonce: 200, x: 2 });
      expect(byId(a)).toEqual(byId(b));
    });
  }

  it('reports only remote transactions, and an observer without repair never writes', () => {
    const seen: number[] = [];
    for (const [w1, w2] of [[1, 2], [2, 1]] as const) {
      const [a, b] = [peer(w1), peer(w2)];
      const watcher = new Y.Doc();
      watcher.clientID = 3;
      let remoteChanges = 0;
      observeRemoteElements(watcher, { localOrigin: LOCAL, repair: false, onChange: () => remoteChanges++ });
      writeLocalElements(a, [el('r1', 5)], LOCAL);
      writeLocalElements(b, [el('r1', 3)], LOCAL);
      ship(a, watcher);
      ship(b, watcher);
      expect(remoteChanges).toBe(2);
      seen.push(byId(watcher).r1.version);
      // The watcher saw the stale write win in one of the two orders, yet never wrote itself.
      expect(Y.decodeStateVector(Y.encodeStateVector(watcher)).has(3)).toBe(false);
    }
    expect(seen).toContain(3);
  });
});

describe('mergeRemote', () => {
  // A stand-in for Excalidraw's reconcileElements (which needs a browser
  // build): same per-id rule, local-only elements kept, sorted by index.
  const reconcile = (local: readonly El[], remote: readonly El[]): El[] => {
    const out = new Map(local.map((e) => [e.id, e]));
    for (const r of remote) {
      const l = out.get(r.id);
      if (!l || supersedes(r, l)) out.set(r.id, r);
    }
    return [...out.values()].sort((x, y) => (x.index < y.index ? -1 : x.index > y.index ? 1 : x.id < y.id ? -1 : 1));
  };

  it('returns the reconciled scene and whether it differs from the local one', () => {
    const local = [el('a', 2, { index: 'a0' }), el('b', 1, { index: 'a1' })];
    const same = mergeRemote(local, [el('a', 1, { index: 'a0' })], reconcile);
    expect(same.changed).toBe(false);
    const merged = mergeRemote(local, [el('c', 1, { index: 'a2' }), el('b', 2, { index: 'a1' })], reconcile);
    expect(merged.changed).toBe(true);
    expect(merged.elements.map((e) => `${e.id}@${e.version}`)).toEqual(['a@2', 'b@2', 'c@1']);
  });

  it('notices a local element that reconcile bumped in place', () => {
    const local = [el('a', 1)];
    const bumping = (l: readonly El[]) => {
      (l[0] as { version: number }).version = 2;
      return [...l];
    };
    expect(mergeRemote(local, [], bumping).changed).toBe(true);
  });
});

describe('yjsServerUrl', () => {
  it('matches the page scheme and lets y-websocket append the room as /ws/yjs/<id>', () => {
    expect(yjsServerUrl({ protocol: 'https:', host: 'mockroom.example' })).toBe('wss://mockroom.example/ws/yjs');
    const base = yjsServerUrl({ protocol: 'http:', host: 'localhost:3000' });
    expect(`${base}/abc123`).toBe(`ws://localhost:3000${YJS_WS_PREFIX}abc123`);
  });
});

describe('awareness', () => {
  const valid = {
    user: { id: 'u1', name: 'Ada', color: '#1d4ed8', role: 'candidate' },
    pointer: { x: 1, y: 2, tool: 'pointer' },
  };

  it('accepts exactly the allowed fields, with or without a pointer', () => {
    expect(parseAwarenessState(valid)).toEqual(valid);
    expect(parseAwarenessState({ ...valid, pointer: null })).not.toBeNull();
  });

  it('rejects any extra field, at every level', () => {
    expect(awarenessStateSchema.safeParse({ ...valid, notes: 'private' }).success).toBe(false);
    expect(parseAwarenessState({ ...valid, user: { ...valid.user, email: 'a@b.c' } })).toBeNull();
    expect(parseAwarenessState({ ...valid, pointer: { ...valid.pointer, button: 'down' } })).toBeNull();
    expect(parseAwarenessState({ ...valid, user: { ...valid.user, role: 'admin' } })).toBeNull();
    expect(parseAwarenessState({ user: valid.user })).toBeNull();
  });

  it('gives each user id one stable palette colour, spread across the palette', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    for (const id of ids) {
      expect(colorForUser(id)).toBe(colorForUser(id));
      expect(USER_COLORS).toContain(colorForUser(id));
    }
    expect(new Set(ids.map(colorForUser)).size).toBe(USER_COLORS.length);
    expect(colorForUser('cmabc123')).toBe(colorForUser('cmabc123'.slice()));
  });

  it('uses only colours with at least 4.5:1 contrast against white', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const c of USER_COLORS) expect(1.05 / (luminance(c) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});
