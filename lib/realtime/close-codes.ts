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
  /**
   * The writer's update would take the board past its size cap: the update was
   * refused (not applied, stored or relayed). Retrying would send it again.
   */
  BoardTooLarge: 4413,
  /**
   * Updates that depend on edits the server never received piled up past the
   * bound (a clock gap). Honest clients never do this.
   */
  UnresolvedUpdates: 4422,
  /** Too many updates, bytes or sync requests from this socket. */
  RateLimited: 4429,
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

/**
 * What the room says when the board closes with one of the limit codes. The
 * client does not retry these (they are in the terminal range): the same
 * edits would be refused again, so the user is told why and what to do.
 */
export function boardRefusalMessage(code: number): string | undefined {
  switch (code) {
    case CloseCode.BoardTooLarge:
      return 'This board has reached its size limit, so your last change was not saved. Reload to see the board as it is; it stays read-only for further drawing.';
    case CloseCode.RateLimited:
      return 'The board disconnected you for sending too many changes too fast. Reload the page to reconnect.';
    case CloseCode.UnresolvedUpdates:
      return 'The board disconnected you because your changes could not be applied in order. Reload the page to reconnect.';
    default:
      return undefined;
  }
}
