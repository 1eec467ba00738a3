/**
 * Playwright (playwright-core) on the system Chromium, plus helpers to sign a
 * browser context in through the API and to open two contexts side by side.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { passLobbyIfShown } from './lobby';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('Chromium is not installed (looked at CHROMIUM_PATH, then /usr/bin/chromium). Install it: apt-get install -y chromium');
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 } });
}

/** Signs a context in via next-auth's credentials endpoint; the cookie lands in the context's jar. */
export async function signInThroughApi(context: BrowserContext, baseUrl: string, email: string, password: string): Promise<void> {
  const csrf = await context.request.get(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await context.request.post(`${baseUrl}/api/auth/callback/credentials`, {
    form: { csrfToken, email, password, json: 'true' },
  });
  const { url } = (await response.json()) as { url: string };
  const error = new URL(url).searchParams.get('error');
  if (error) throw new Error(`API sign-in for ${email} failed: ${error}`);
}

export interface Pair {
  interviewer: { context: BrowserContext; page: Page };
  candidate: { context: BrowserContext; page: Page };
  close(): Promise<void>;
}

/** Two independent browser contexts (separate cookie jars), e.g. interviewer and candidate. */
export async function openTwoContexts(browser: Browser): Promise<Pair> {
  const a = await newContext(browser);
  const b = await newContext(browser);
  return {
    interviewer: { context: a, page: await a.newPage() },
    candidate: { context: b, page: await b.newPage() },
    close: async () => {
      await a.close();
      await b.close();
    },
  };
}

/**
 * Waits until the room's realtime connection (socket.io) reports live, then enters the room
 * through the pre-join lobby (presses Join) when one is showing, so the room can be used.
 * Tests of the lobby itself use tests/helpers/lobby.ts instead.
 */
export async function roomLive(page: Page, timeout = 30_000): Promise<void> {
  try {
    await page.waitForSelector('[data-testid=connection][data-state=live]', { timeout });
  } catch (error) {
    // Say where the room stood, so a timeout on a loaded CI box can be told apart from a refusal.
    const where = await page
      .evaluate(() => {
        const attr = (selector: string, name: string) => document.querySelector(selector)?.getAttribute(name) ?? 'absent';
        const text = (selector: string) => document.querySelector(selector)?.textContent?.trim().slice(0, 200) ?? 'absent';
        return `connection=${attr('[data-testid=connection]', 'data-state')} board=${attr('[data-testid=whiteboard]', 'data-state')} banner="${text('[role=alert]')}" url=${location.pathname}`;
      })
      .catch((e: Error) => `page unreadable: ${e.message}`);
    throw new Error(`the room did not go live within ${timeout} ms (${where})`, { cause: error });
  }
  await passLobbyIfShown(page, timeout);
}
