/**
 * WebSocket close codes shared by server and client. 4400–4499 mean "do not
 * retry": the y-websocket client and our socket layer stop reconnecting on them.
 */
export const CloseCode = {
  /** A malformed or disallowed message; retrying would send it again. */
  BadRequest: 4400,
  /** No valid session cookie. */
  Unauthorized: 4401,
  /** Signed in but not allowed (not a member, or a bad Origin). */
  Forbidden: 4403,
  /** The interview or channel does not exist. */
  NotFound: 4404,
  /** A frame exceeded the size cap. ws itself uses 1009 for this. */
  MessageTooBig: 1009,
  /** The server is shutting down; clients should reconnect later. */
  GoingAway: 1001,
  /** A transient server-side failure (e.g. the database); clients retry (4500–4599). */
  TryAgainLater: 4500,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Frame size cap for WebSocket messages (1 MiB) and socket.io (1 MB). */
export const MAX_WS_PAYLOAD_BYTES = 1024 * 1024;
export const MAX_SOCKET_IO_BUFFER_BYTES = 1_000_000;

/**
 * True for the "do not retry" range. Reconnecting cannot fix a missing
 * session, a lost membership or a deleted interview, and retrying in a loop
 * would only hammer the server and hide the reason from the user.
 */
export function isTerminalClose(code: number): boolean {
  return code >= 4400 && code <= 4499;
}
