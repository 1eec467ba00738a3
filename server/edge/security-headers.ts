/**
 * Security headers, set by the server on every response it sends: pages, API
 * routes, static files and the edge's own refusals.
 *
 * The Content-Security-Policy is the one the room works under:
 * - scripts from our origin only. Next's App Router puts its bootstrap and
 *   hydration data in inline <script> tags; most pages are prerendered at
 *   build time, when no per-request nonce exists, so inline scripts are
 *   allowed ('unsafe-inline'). What the policy still blocks: scripts, frames,
 *   plugins and form targets from elsewhere, <base> hijacks, and connections
 *   to any host but ours (and LiveKit's) — an injected script could not send
 *   data off-site. React escapes everything we render, so no user text becomes
 *   markup. 'wasm-unsafe-eval' is for Excalidraw's WebAssembly (font
 *   subsetting on export); development adds 'unsafe-eval' for Next's HMR.
 * - styles inline too: Excalidraw and React style attributes set them.
 * - images from our origin, `data:` and `blob:` (Excalidraw's canvas exports,
 *   pasted images); fonts from our origin (Excalidraw's, self-hosted under
 *   /excalidraw-assets) and `data:`; workers from `blob:`.
 * - connections to our origin, our WebSockets (socket.io, the Yjs board) under
 *   each origin the server answers on, and LiveKit's server when configured.
 *   WebRTC media itself is outside CSP.
 */
import type { ServerResponse } from 'node:http';

export interface HeaderOptions {
  /** Origins the server answers on (APP_URL first); their ws/wss twins go into connect-src. */
  allowedOrigins: readonly string[];
  appUrl: string;
  livekitUrl?: string;
  dev: boolean;
}

function webSocketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

function liveKitSources(livekitUrl: string): string[] {
  const { host, protocol } = new URL(livekitUrl);
  const secure = protocol === 'wss:';
  // The client speaks WebSocket for signalling and HTTP(S) to the same host to validate and pick a region.
  return [`${secure ? 'wss' : 'ws'}://${host}`, `${secure ? 'https' : 'http'}://${host}`];
}

export function contentSecurityPolicy({ allowedOrigins, livekitUrl, dev }: HeaderOptions): string {
  const connect = ["'self'", ...allowedOrigins.map(webSocketOrigin), ...(livekitUrl ? liveKitSources(livekitUrl) : [])];
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:'],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': [...new Set(connect)],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export function securityHeaders(options: HeaderOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    // For browsers that predate frame-ancestors.
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-content-type-options': 'nosniff',
    'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()',
    // Only over https: on http it is ignored, and on localhost it would pin the browser to https.
    ...(new URL(options.appUrl).protocol === 'https:' && { 'strict-transport-security': 'max-age=31536000' }),
  };
}

export function applyHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
