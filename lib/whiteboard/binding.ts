/**
 * The whiteboard's Yjs binding, kept free of Excalidraw, the DOM and Node so
 * it runs (and is tested) anywhere.
 *
 * Shape of the doc: one `Y.Map` named `elements`, keyed by element id, whose
 * values are the elements' plain JSON objects. Nothing is ever removed from
 * the map: Excalidraw deletes by setting `isDeleted: true` and bumping the
 * version, and that tombstone is what carries a deletion to the other peers.
 */
import * as Y from 'yjs';
import { YJS_WS_PREFIX } from '../realtime/protocol';

export const ELEMENTS_MAP = 'elements';

/** The fields the binding itself reads. Everything else rides along as JSON. */
export interface ElementLike {
  readonly id: string;
  readonly version: number;
  readonly versionNonce: number;
  readonly isDeleted: boolean;
}

/** An element as stored in (and read back from) the doc. */
export type StoredElement = ElementLike & {
  readonly type: string;
  readonly index?: string | null;
  readonly [field: string]: unknown;
};

export function elementsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ELEMENTS_MAP);
}

/**
 * Whether `candidate` should replace `current`. A higher version wins; on an
 * equal version the LOWER `versionNonce` wins. That tie rule is the one
 * Excalidraw's `reconcileElements` uses, so the doc and every peer's scene
 * settle on the same copy instead of flip-flopping between two.
 */
export function supersedes(candidate: ElementLike, current: ElementLike): boolean {
  if (candidate.version !== current.version) return candidate.version > current.version;
  return candidate.versionNonce < current.versionNonce;
}

/**
 * The doc is shared with every peer, so a value is trusted only after this
 * check: a malformed entry would otherwise crash the renderer in every room.
 */
export function isStoredElement(value: unknown, key?: string): value is StoredElement {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    (key === undefined || v.id === key) &&
    typeof v.type === 'string' &&
    typeof v.version === 'number' &&
    Number.isFinite(v.version) &&
    typeof v.versionNonce === 'number' &&
    Number.isFinite(v.versionNonce) &&
    typeof v.isDeleted === 'boolean'
  );
}

/**
 * Excalidraw mutates elements in place (`mutateElement`). Yjs keeps the very
 * object it was given as the local value, so storing or handing out shared
 * references would let an in-place edit change the doc behind Yjs's back and
 * defeat the version comparison. Every copy in and out goes through here.
 */
function toPlain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Writes the elements that are new or supersede the stored copy, in one
 * transaction tagged with `origin`, and returns how many were written. Nothing
 * newer means no transaction at all, so no update goes on the wire: this is
 * what makes echoing a just-applied remote change back a no-op.
 */
export function writeLocalElements(
  doc: Y.Doc,
  elements: readonly (ElementLike & { readonly type: string })[],
  origin: unknown,
): number {
  const map = elementsMap(doc);
  const changed = elements.filter((el) => {
    const current = map.get(el.id);
    return !isStoredElement(current, el.id) || supersedes(el, current);
  });
  if (changed.length === 0) return 0;
  doc.transact(() => {
    for (const el of changed) map.set(el.id, toPlain(el));
  }, origin);
  return changed.length;
}

/**
 * Copies of the valid stored elements, tombstones included, in z-order:
 * fractional `index`, then id (Excalidraw's own tie-break), unindexed last.
 * The map's iteration order differs between peers, and Excalidraw's
 * `restoreElements` treats out-of-order indices as invalid and regenerates
 * them with a version bump; fed unsorted, every peer would keep "repairing"
 * the others' indices forever.
 */
export function readElements(doc: Y.Doc): StoredElement[] {
  const out: StoredElement[] = [];
  elementsMap(doc).forEach((value, key) => {
    if (isStoredElement(value, key)) out.push(toPlain(value));
  });
  return out.sort(byZOrder);
}

/** Excalidraw's stacking order: fractional `index`, then id, unindexed last. */
export function byZOrder(a: StoredElement, b: StoredElement): number {
  const ai = typeof a.index === 'string' ? a.index : null;
  const bi = typeof b.index === 'string' ? b.index : null;
  if (ai !== bi) {
    if (ai === null) return 1;
    if (bi === null) return -1;
    return ai < bi ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Calls `onChange` after every transaction on the elements map that did not
 * come from `localOrigin`.
 *
 * With `repair`, it also undoes a Yjs-level downgrade. Two peers that set the
 * same key concurrently are ordered by Yjs client id, not by element version,
 * so the merged doc can briefly hold the older copy. Any peer that held the
 * newer copy sees it replaced in this remote transaction and writes it back,
 * which every peer then receives as a causally later, winning write. Readers
 * that must not write (observers) pass `repair: false`. Key removals are not
 * repaired: clients never remove keys, so one would come from the server
 * (e.g. tombstone pruning) and must not be fought.
 */
export function observeRemoteElements(
  doc: Y.Doc,
  options: { localOrigin: unknown; repair: boolean; onChange: () => void },
): () => void {
  const map = elementsMap(doc);
  const handler = (event: Y.YMapEvent<unknown>, txn: Y.Transaction) => {
    if (txn.origin === options.localOrigin) return;
    if (options.repair) {
      const restore: StoredElement[] = [];
      // `changes` must be read inside the observer; Yjs discards the old
      // values when the transaction is cleaned up.
      event.changes.keys.forEach((change, key) => {
        if (change.action !== 'update') return;
        const before: unknown = change.oldValue;
        const after = map.get(key);
        if (isStoredElement(before, key) && (!isStoredElement(after, key) || supersedes(before, after))) {
          restore.push(before);
        }
      });
      if (restore.length > 0) {
        doc.transact(() => {
          for (const el of restore) map.set(el.id, el);
        }, options.localOrigin);
      }
    }
    options.onChange();
  };
  map.observe(handler);
  return () => map.unobserve(handler);
}

/**
 * Excalidraw's merge, reduced to two arguments so the app state stays on the
 * caller's side. The component passes
 *   `(local, remote) => reconcileElements(local, remote, api.getAppState())`
 * and relies on Excalidraw 0.18's
 *   `reconcileElements(localElements: readonly OrderedExcalidrawElement[],
 *     remoteElements: readonly RemoteExcalidrawElement[], localAppState: AppState)
 *     => ReconciledExcalidrawElement[]`
 * which, per id, keeps the local element while it is being edited (text,
 * resize, creation) or when it supersedes the remote one (rule above), takes
 * the remote one otherwise, keeps local-only elements, and returns them sorted
 * by fractional `index`. It may repair clashing indices in place, which bumps
 * those elements' versions.
 */
export type Reconcile<L extends ElementLike, R extends ElementLike, O extends ElementLike> = (
  local: readonly L[],
  remote: readonly R[],
) => readonly O[];

/**
 * Merges the doc's elements into the scene's. `changed` is false when the
 * result is element-for-element the scene the caller already shows, so it can
 * skip a re-render. The scene is fingerprinted BEFORE reconciling because
 * reconcile may bump local elements in place.
 */
export function mergeRemote<L extends ElementLike, R extends ElementLike, O extends ElementLike>(
  localElements: readonly L[],
  remoteElements: readonly R[],
  reconcile: Reconcile<L, R, O>,
): { elements: O[]; changed: boolean } {
  const before = localElements.map((el) => [el.id, el.version, el.versionNonce] as const);
  const elements = [...reconcile(localElements, remoteElements)];
  const changed =
    elements.length !== before.length ||
    elements.some((el, i) => {
      const [id, version, nonce] = before[i];
      return el.id !== id || el.version !== version || el.versionNonce !== nonce;
    });
  return { elements, changed };
}

/**
 * The y-websocket server URL for the page's own origin. y-websocket strips
 * trailing slashes and appends `'/' + roomname`, so with the interview id as
 * the room name the socket opens `/ws/yjs/<interviewId>`.
 */
export function yjsServerUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${YJS_WS_PREFIX.replace(/\/+$/, '')}`;
}
