/** Browsers always send Origin on WebSocket upgrades; a foreign one is a cross-site attempt. */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  // Non-browser clients (the Node y-websocket client, bench tools) send none; they still need a session.
  if (!origin) return true;
  return allowedOrigins.includes(origin);
}
