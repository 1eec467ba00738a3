/** Only same-site paths may be redirect targets after sign-in (no open redirects). */
export function safeCallbackPath(value: string | string[] | null | undefined, fallback = '/dashboard'): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  return raw;
}
