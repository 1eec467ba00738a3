/**
 * The real y-websocket client in Node, authenticated with a session cookie.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface BoardClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  elements: Y.Map<unknown>;
  /** How many sockets the provider has opened so far (reconnects included). */
  attempts(): number;
  closed: Promise<{ code: number; reason: string }>;
  synced(): Promise<void>;
  destroy(): void;
}

export function boardClient(serverUrl: string, interviewId: string, cookie: string | null): BoardClient {
  let attempts = 0;
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
      attempts += 1;
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/ws/yjs`, interviewId, doc, {
    WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => provider.once('closed', (event) => resolve(event)));
  return {
    doc,
    provider,
    elements: doc.getMap('elements'),
    attempts: () => attempts,
    closed,
    synced: () =>
      provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.on('sync', (s: boolean) => s && resolve())),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` holds (or fails with `what` after `ms`). */
export async function eventually(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
