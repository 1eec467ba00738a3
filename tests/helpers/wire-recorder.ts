/**
 * Records everything a browser context receives: every HTTP response body and
 * every WebSocket frame (socket.io text frames and binary Yjs frames alike),
 * so a test can search it for text that must not have arrived.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface WireRecord {
  at: number;
  kind: 'http' | 'ws';
  url: string;
  contentType: string;
  text: string;
}

/** Undo the escapes text picks up on its way into HTML, JSON and RSC payloads. */
function normalise(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\"/g, '"')
    .replace(/\\n/g, '\n')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export class WireRecorder {
  readonly records: WireRecord[] = [];
  private readonly pending: Promise<void>[] = [];

  constructor(context: BrowserContext) {
    context.on('response', (response) => {
      const at = Date.now();
      this.pending.push(
        response
          .body()
          .then((body) => {
            this.records.push({ at, kind: 'http', url: response.url(), contentType: response.headers()['content-type'] ?? '', text: normalise(body.toString('utf8')) });
          })
          // Redirects and aborted loads have no body; there is nothing in them to leak.
          .catch(() => {}),
      );
    });
    const watch = (page: Page) =>
      page.on('websocket', (ws) => {
        ws.on('framereceived', ({ payload }) => {
          const text = typeof payload === 'string' ? payload : payload.toString('utf8');
          this.records.push({ at: Date.now(), kind: 'ws', url: ws.url(), contentType: typeof payload === 'string' ? 'text' : 'binary', text: normalise(text) });
        });
      });
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  /** Waits for every response body read so far. */
  async settle(): Promise<WireRecord[]> {
    await Promise.all(this.pending);
    return this.records;
  }

  /** Records (optionally only those before `until`) that contain `needle`. */
  find(needle: string, { until = Number.POSITIVE_INFINITY, from = 0 } = {}): WireRecord[] {
    return this.records.filter((r) => r.at >= from && r.at < until && r.text.includes(needle));
  }

  /** Records that are data rather than code: JSON, RSC, HTML and socket frames, not JS or CSS bundles. */
  data({ until = Number.POSITIVE_INFINITY, from = 0 } = {}): WireRecord[] {
    return this.records.filter((r) => r.at >= from && r.at < until && !/javascript|text\/css|font|image/.test(r.contentType));
  }
}
