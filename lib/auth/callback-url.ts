/**
 * Where to send someone after sign-in. Only same-origin paths may be redirect
 * targets (no open redirects). Browsers are lenient in ways a prefix check
 * misses: they drop tab, CR and LF anywhere in a URL, read `\` as `/`, and
 * resolve dot segments, so `/\t/evil`, `/\evil` and `/.//evil` all become the
 * network-path reference `//evil` (another host). So the value is parsed with
 * the URL parser against a placeholder origin, anything a browser would
 * rewrite is refused outright, and the *normalised* path is what we return.
 */
const PLACEHOLDER_ORIGIN = 'http://mockroom.invalid';

// C0 controls (tab, CR, LF, NUL…), DEL and backslash: a browser rewrites or
// strips each of them, and a header value with CR/LF is a server error.
const REWRITTEN_BY_BROWSERS = /[\u0000-\u001f\u007f\\]/;

export const DEFAULT_CALLBACK_PATH = '/dashboard';

export function safeCallbackPath(value: string | string[] | null | undefined, fallback = DEFAULT_CALLBACK_PATH): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || !raw.startsWith('/') || REWRITTEN_BY_BROWSERS.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can normalise `/.//evil` into `//evil`; that would leave the origin again.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
}

/**
 * next-auth's `redirect` callback: `url` is a path or an absolute URL, and
 * only our own origin is allowed; the answer is always absolute on `baseUrl`.
 */
export function safeRedirectUrl(url: string, baseUrl: string, fallback = DEFAULT_CALLBACK_PATH): string {
  const base = new URL(baseUrl);
  let candidate: string | null = url;
  if (!url.startsWith('/')) {
    try {
      const absolute = new URL(url);
      candidate = absolute.origin === base.origin ? `${absolute.pathname}${absolute.search}${absolute.hash}` : null;
    } catch {
      candidate = null;
    }
  }
  return `${base.origin}${safeCallbackPath(candidate, fallback)}`;
}
