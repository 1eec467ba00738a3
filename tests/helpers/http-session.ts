/**
 * A tiny cookie-jar HTTP client for integration tests, and sign-in through
 * next-auth's API (CSRF token, then the credentials callback).
 */
export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async json<T>(pathname: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
    const response = await this.fetch(pathname, init);
    return { status: response.status, body: (await response.json()) as T };
  }

  /** A JSON request; the body (if any) is sent as JSON and the reply parsed (null when empty). */
  async api<T = any>(method: string, pathname: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await this.fetch(pathname, {
      method,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async csrfToken(): Promise<string> {
    const { body } = await this.json<{ csrfToken: string }>('/api/auth/csrf');
    return body.csrfToken;
  }

  /** Returns next-auth's error code, or null on success. */
  async signIn(email: string, password: string): Promise<string | null> {
    const csrfToken = await this.csrfToken();
    const response = await this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
    });
    const { url } = (await response.json()) as { url: string };
    return new URL(url).searchParams.get('error');
  }

  async signUp(input: { name: string; email: string; password: string }): Promise<Response> {
    return this.fetch('/api/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  }
}

let counter = 0;
export function uniqueEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}@example.test`;
}
