/**
 * The pre-join lobby in real Chromium with a fake camera and microphone: the
 * preview and the mic level move; the chosen microphone and the mute are the
 * ones the call uses (the lobby's stream is handed over, not asked for again)
 * and are remembered; Join enters the call and the other side sees the video;
 * observers get the light lobby and never touch the camera; a browser that
 * refuses the camera explains it and still joins; and a past interview opens
 * with no lobby and zero getUserMedia calls (counted by an init script).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium.mjs';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, createInterview, signedInUser, signInContext, type InviteLinks, type SignedInUser } from '../helpers/interview-fixture';
import { joinThroughLobby, LOBBY } from '../helpers/lobby';
import { freePort } from '../helpers/ports';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
/** Like the real first visit: no fake permission prompt, so the browser refuses the camera. */
let refusingBrowser: Browser;
const contexts: BrowserContext[] = [];
let roomPath: string;
let invites: InviteLinks;
let host: SignedInUser;
const pageErrors: string[] = [];

/** Counts getUserMedia calls and keeps every RTCPeerConnection, before any page script runs. */
function instrument() {
  const w = window as unknown as { __gum: number; __pcs: RTCPeerConnection[] };
  w.__gum = 0;
  const media = navigator.mediaDevices;
  if (media?.getUserMedia) {
    const original = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints?: MediaStreamConstraints) => {
      w.__gum += 1;
      return original(constraints);
    };
  }
  const Original = window.RTCPeerConnection;
  w.__pcs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      w.__pcs.push(this);
    }
  } as typeof RTCPeerConnection;
}

const gumCalls = (page: Page) => page.evaluate(() => (window as unknown as { __gum: number }).__gum);

/** Video frames decoded over all open connections. */
const framesDecoded = (page: Page) =>
  page.evaluate(async () => {
    let frames = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((p) => p.connectionState !== 'closed')) {
      (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
      });
    }
    return frames;
  });

async function personIn(role: 'interviewer' | 'candidate' | 'observer' | 'co-interviewer', name: string, using: Browser = browser): Promise<Page> {
  const context = await newContext(using);
  contexts.push(context);
  await context.addInitScript(instrument);
  const user = await signedInUser(server.url, name);
  if (role === 'interviewer') {
    host = user;
    const created = await createInterview(user);
    roomPath = `/interviews/${created.id}`;
    invites = created.invites;
  } else {
    await acceptInvite(user, invites[role === 'co-interviewer' ? 'interviewer' : role]);
  }
  await signInContext(context, server.url, user);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  return page;
}

let interviewer: Page;
let candidate: Page;
let chosenMic: string;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  refusingBrowser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'), headless: true });
  interviewer = await personIn('interviewer', 'Ines Interviewer');
  candidate = await personIn('candidate', 'Cal Candidate');
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await refusingBrowser?.close();
  await server?.stop();
  await database?.drop();
});

describe('the pre-join lobby', () => {
  it('shows the camera preview, a moving mic level and the name, with focus on Join', async () => {
    await interviewer.goto(server.url + roomPath);
    const lobby = interviewer.locator(LOBBY);
    await lobby.waitFor({ timeout: 30_000 });
    expect(await lobby.getByTestId('lobby-name').textContent()).toContain('Ines Interviewer');
    await expect.poll(() => interviewer.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('lobby-join');
    // The preview plays the fake camera's picture.
    await interviewer.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid=lobby-preview]');
      return Boolean(v && v.videoWidth > 0 && !v.paused && v.readyState >= 2);
    }, undefined, { timeout: 20_000 });
    // The room connects behind the lobby; the lobby stays until Join.
    await interviewer.waitForSelector('[data-testid=connection][data-state=live]', { timeout: 30_000 });
    expect(await interviewer.getByTestId('video-panel').getAttribute('data-status')).toBe('waiting');
    // Audio analysis needs one key press or click in the page; the fake mic beeps once a second.
    await interviewer.keyboard.press('Shift');
    await interviewer.waitForFunction(() => Number(document.querySelector<HTMLMeterElement>('[data-testid=lobby-level]')?.dataset.level) > 0.05, undefined, { timeout: 15_000, polling: 'raf' });
    // The speaker test plays its tone to the end.
    await lobby.getByTestId('lobby-speaker-test').click();
    await expect.poll(() => lobby.getByTestId('lobby-speaker-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('played');
    expect(await gumCalls(interviewer)).toBe(1);
  });

  it('carries the chosen microphone into the call without asking for the camera again, and remembers it', async () => {
    const lobby = interviewer.locator(LOBBY);
    const mic = lobby.getByRole('combobox', { name: 'Microphone' });
    const options = await mic.locator('option').evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(options.length).toBeGreaterThan(1);
    const before = await mic.inputValue();
    chosenMic = options.find((o) => o !== before)!;
    await mic.selectOption(chosenMic);
    await expect.poll(() => mic.inputValue()).toBe(chosenMic);
    const asked = await gumCalls(interviewer);
    await joinThroughLobby(interviewer);
    await expect.poll(() => interviewer.getByTestId('video-panel').getAttribute('data-status'), { timeout: 20_000 }).toBe('joined');
    // The call runs on the lobby's stream: the same microphone, and no new getUserMedia.
    const callMic = await interviewer.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid=video-self] video')!;
      return (video.srcObject as MediaStream).getAudioTracks()[0]?.getSettings().deviceId;
    });
    expect(callMic).toBe(chosenMic);
    expect(await gumCalls(interviewer)).toBe(asked);
    const saved = await interviewer.evaluate(() => JSON.parse(localStorage.getItem('mockroom.media-choice.v1') ?? '{}') as { audioInput?: string });
    expect(saved.audioInput).toBe(chosenMic);
  });

  it('Join enters the call: the other side sees the video, and a mute chosen in the lobby is kept', async () => {
    await candidate.goto(server.url + roomPath);
    const lobby = candidate.locator(LOBBY);
    await lobby.waitFor({ timeout: 30_000 });
    await lobby.getByRole('button', { name: 'Mute' }).click();
    await joinThroughLobby(candidate);
    await expect.poll(() => framesDecoded(candidate), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => framesDecoded(interviewer), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => interviewer.getByTestId('video-peer').getAttribute('data-audio'), { timeout: 10_000 }).toBe('false');
    expect(await candidate.getByRole('button', { name: 'Unmute' }).count()).toBe(1);
    expect(await gumCalls(candidate)).toBe(1);
  });

  it('opens the lobby with the remembered microphone after a reload', async () => {
    await interviewer.reload();
    const mic = interviewer.locator(LOBBY).getByRole('combobox', { name: 'Microphone' });
    try {
      await mic.waitFor({ timeout: 30_000 });
      await expect.poll(() => mic.inputValue(), { timeout: 10_000 }).toBe(chosenMic);
    } finally {
      // Back in the call either way: the tests below need the interviewer there.
      await roomLive(interviewer);
    }
  });

  it('gives observers a light lobby that never asks for the camera', async () => {
    const observer = await personIn('observer', 'Oli Observer');
    await observer.goto(server.url + roomPath);
    const lobby = observer.locator(LOBBY);
    await lobby.waitFor({ timeout: 30_000 });
    expect(await lobby.getByTestId('lobby-preview').count()).toBe(0);
    expect(await lobby.getByTestId('lobby-level').count()).toBe(0);
    expect(await lobby.getByTestId('lobby-name').textContent()).toContain('Oli Observer');
    await joinThroughLobby(observer);
    await expect.poll(() => observer.getByTestId('video-peer').count(), { timeout: 20_000 }).toBe(2);
    expect(await gumCalls(observer)).toBe(0);
    await observer.close();
  });

  it('explains a refused camera and microphone, and joining without them still works', async () => {
    const refused = await personIn('co-interviewer', 'Bea Blocked', refusingBrowser);
    await refused.goto(server.url + roomPath);
    const problem = refused.getByTestId('lobby-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.getAttribute('data-kind')).toBe('blocked');
    expect(await problem.textContent()).toContain('address bar');
    expect(await problem.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await joinThroughLobby(refused);
    await expect.poll(() => refused.getByTestId('video-peer').count(), { timeout: 20_000 }).toBe(2);
    // Four contexts share two cores here: the first decoded frame can take a while after the tiles appear.
    await expect.poll(() => framesDecoded(refused), { timeout: 40_000 }).toBeGreaterThan(0);
    await roomLive(refused);
    expect(await refused.getByTestId('whiteboard').isVisible()).toBe(true);
  });

  it('a past interview opens without a lobby and never calls getUserMedia', async () => {
    expect((await host.api('POST', `${roomPath.replace('/interviews/', '/api/interviews/')}/end`)).status).toBe(200);
    const context = await newContext(browser);
    contexts.push(context);
    await context.addInitScript(instrument);
    await signInContext(context, server.url, host);
    const page = await context.newPage();
    await page.goto(server.url + roomPath);
    await roomLive(page);
    await page.getByTestId('ended-banner').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid=lobby]').count()).toBe(0);
    expect(await page.getByTestId('video-panel').getAttribute('data-status')).toBe('closed');
    expect(await gumCalls(page)).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
