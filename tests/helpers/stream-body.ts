/**
 * Sends a large request body without holding it in memory: the same 64 KB
 * block is written again and again until `bytes` are out or the server has
 * answered. Declared (Content-Length) or chunked. Resolves with the answer and
 * how much of the body the server let through before answering or closing.
 */
import { request } from 'node:http';

export interface StreamedReply {
  status: number;
  body: string;
  /** Bytes handed to the socket before the answer came (or the socket closed). */
  bytesSent: number;
  elapsedMs: number;
}

const BLOCK = Buffer.alloc(64 * 1024, 'a');

export function streamBody(
  baseUrl: string,
  path: string,
  { bytes, chunked = false, headers = {}, method = 'POST', timeoutMs = 30_000 }: { bytes: number; chunked?: boolean; headers?: Record<string, string>; method?: string; timeoutMs?: number },
): Promise<StreamedReply> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(new URL(path, baseUrl), {
      method,
      headers: { ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes) }) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms after sending ${sent} bytes`));
    }, timeoutMs);
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body, bytesSent: sent, elapsedMs: performance.now() - started });
        req.destroy();
      };
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    // The server cuts the connection once it has answered; writes after that fail, as they should.
    req.on('error', (error) => {
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    const pump = () => {
      while (!answered && !req.destroyed && sent < bytes) {
        const block = bytes - sent >= BLOCK.length ? BLOCK : BLOCK.subarray(0, bytes - sent);
        sent += block.length;
        if (!req.write(block)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed && sent >= bytes) req.end();
    };
    pump();
  });
}
