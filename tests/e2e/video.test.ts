/**
 * The peer-to-peer call in real Chromium with fake camera and microphone:
 * interviewer and candidate each decode the other's video and receive audio;
 * a mute shows on the other side; an observer receives both without sending;
 * a network blip heals; and blocked devices leave the board and timer working.
 * Everyone enters through the pre-join lobby (tests/e2e/lobby.test.ts covers the lobby itself).
 * RTCPeerConnections are counted by an init script so getStats() can be read.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { launchBrowser, newContext, roomLive } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { acceptInvite, createInterview, signedInUser, signInContext, type InviteLinks } from '../helpers/interview-fixture';
import { joinThroughLobby, LOBBY } from '../helpers/lobby';
import { freePort } from '../helpers/ports';

let database: TestDatabase;
let server: AppServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let roomPath: string;
let invites: InviteLinks;
const pageErrors: string[] = [];
/** The call logs failed negotiation steps as warnings; a healthy run has none. */
const callWarnings: string[] = [];

/** Keeps every RTCPeerConnection (for getStats()) and WebSocket (to cut them) the page makes. */
function recordPeerConnections() {
  const NativeSocket = window.WebSocket;
  const sockets: WebSocket[] = [];
  (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
  window.WebSocket = class extends NativeSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  } as typeof WebSocket;
  const Original = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      all.push(this);
    }
  } as typeof RTCPeerConnection;
}

interface Inbound {
  framesDecoded: number;
  audioPackets: number;
}

/** Per open connection: video frames decoded and audio packets received. */
const inbound = (page: Page): Promise<Inbound[]> =>
  page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      pcs.map(async (pc) => {
        const result = { framesDecoded: 0, audioPackets: 0 };
        (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
          if (s.type !== 'inbound-rtp') return;
          if (s.kind === 'video') result.framesDecoded += s.framesDecoded ?? 0;
          if (s.kind === 'audio') result.audioPackets += s.packetsReceived ?? 0;
        });
        return result;
      }),
    );
  });

async function personIn(role: 'interviewer' | 'candidate' | 'observer' | 'co-interviewer', name: string, options: { denyMedia?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  await context.addInitScript(recordPeerConnections);
  if (options.denyMedia) {
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
  }
  const user = await signedInUser(server.url, name);
  if (role === 'interviewer') {
    const created = await createInterview(user);
    roomPath = `/interviews/${created.id}`;
    invites = created.invites;
  } else {
    await acceptInvite(user, invites[role === 'co-interviewer' ? 'interviewer' : role]);
  }
  await signInContext(context, server.url, user);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'warning' && m.text().startsWith('call:') && callWarnings.push(`${name}: ${m.text()}`));
  return page;
}

const peerTiles = (page: Page) => page.getByTestId('video-peer');
async function decoding(page: Page, connections: number) {
  await expect
    .poll(async () => (await inbound(page)).filter((c) => c.framesDecoded > 0 && c.audioPackets > 0).length, { timeout: 20_000 })
    .toBe(connections);
}

let interviewer: Page;
let candidate: Page;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  server = await startAppServer(testServerEnv(database.url, { PORT: String(await freePort()) }));
  browser = await launchBrowser();
  interviewer = await personIn('interviewer', 'Ines Interviewer');
  candidate = await personIn('candidate', 'Cal Candidate');
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

describe('the peer-to-peer call', () => {
  it("each side decodes the other's video and receives their audio", async () => {
    await interviewer.goto(server.url + roomPath);
    await candidate.goto(server.url + roomPath);
    await Promise.all([joinThroughLobby(interviewer), joinThroughLobby(candidate)]);
    for (const [page, other] of [[interviewer, 'Cal Candidate'], [candidate, 'Ines Interviewer']] as const) {
      await expect.poll(() => peerTiles(page).getAttribute('data-connection'), { timeout: 20_000 }).toBe('connected');
      expect(await peerTiles(page).getAttribute('data-name')).toBe(other);
      await decoding(page, 1);
    }
    expect(await interviewer.getByTestId('video-self').count()).toBe(1);
    // At 1280×800 the call leaves room for the interviewer panel: the tabs show without scrolling.
    expect(await interviewer.locator('.video-grid').getAttribute('data-layout')).toBe('inset');
    const tabs = await interviewer.getByRole('tab', { name: 'Rubric' }).boundingBox();
    expect(tabs && tabs.y + tabs.height).toBeLessThan(800);
  });

  it("plays the other side's sound at once: pressing Join was the click the browser waits for", async () => {
    // Headless Chromium, like a first visit in a real one, refuses to autoplay sound before the user has
    // interacted with the page. The lobby's Join button is that interaction, so no tile needs a second click.
    const soundButton = (page: Page) => peerTiles(page).getByRole('button', { name: /Play .*audio/ });
    const playback = async (page: Page) => ({
      ...(await peerTiles(page).locator('video').evaluate((v: HTMLVideoElement) => ({ muted: v.muted, paused: v.paused }))),
      offered: (await soundButton(page).count()) === 1,
    });
    for (const page of [candidate, interviewer]) await expect.poll(() => playback(page), { timeout: 10_000 }).toEqual({ muted: false, paused: false, offered: false });
  });

  it('shows who is speaking, and folds away without touching the board', async () => {
    // Audio analysis, too, waits for a first click: the lobby's Join was it.
    // Chromium's fake microphone beeps for 20 ms every second; the ring holds for 700 ms after a
    // beep. waitFor() checks on every animation frame, so it sees the ring while it is lit. The
    // candidate's own tile and the interviewer's tile of the candidate must both light.
    const lit = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"][data-speaking="true"]`).waitFor({ timeout: 20_000 });
    await Promise.all([lit(candidate, 'video-self'), lit(interviewer, 'video-peer')]);
    await candidate.getByRole('button', { name: 'Hide', exact: true }).click();
    await candidate.locator('#video-body').waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await candidate.getByTestId('whiteboard').isVisible()).toBe(true);
    await candidate.getByRole('button', { name: 'Show', exact: true }).click();
    await peerTiles(candidate).waitFor({ state: 'visible', timeout: 5_000 });
  });

  it('a mute (and a camera stop) on one side shows on the other', async () => {
    await interviewer.getByRole('button', { name: 'Mute' }).click();
    await expect.poll(() => peerTiles(candidate).getAttribute('data-audio')).toBe('false');
    expect(await peerTiles(candidate).textContent()).toContain('mic off');
    await interviewer.getByRole('button', { name: 'Stop camera' }).click();
    await expect.poll(() => peerTiles(candidate).getAttribute('data-video')).toBe('false');
    await interviewer.getByRole('button', { name: 'Unmute' }).click();
    await interviewer.getByRole('button', { name: 'Start camera' }).click();
    await expect.poll(() => peerTiles(candidate).getAttribute('data-audio')).toBe('true');
    await expect.poll(() => peerTiles(candidate).getAttribute('data-video')).toBe('true');
  });

  it('switches microphone mid-call on the same connection, and says so when a device goes away', async () => {
    const sentAudioLabel = () =>
      candidate.evaluate(() => {
        const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState === 'connected')!;
        return pc.getSenders().find((sender) => sender.track?.kind === 'audio')?.track?.label ?? null;
      });
    const heard = async () => (await inbound(interviewer)).reduce((sum, c) => sum + c.audioPackets, 0);
    await candidate.getByText('Devices').click();
    const mic = candidate.getByRole('combobox', { name: 'Microphone' });
    const options = await mic.locator('option').evaluateAll((all) => all.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));
    expect(options.length).toBeGreaterThan(1);
    const before = await sentAudioLabel();
    const other = options.find((o) => o.label !== before)!;
    const connections = (await inbound(interviewer)).length;
    const packets = await heard();
    await mic.selectOption(other.value);
    // The new microphone rides the existing connection (replaceTrack), and the interviewer keeps hearing it.
    await expect.poll(sentAudioLabel, { timeout: 10_000 }).toBe(other.label);
    await expect.poll(heard, { timeout: 10_000 }).toBeGreaterThan(packets + 25);
    expect((await inbound(interviewer)).length).toBe(connections);

    // The browser ends a track when its device is unplugged; the panel says which, and Retry recovers.
    await candidate.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('[data-testid=video-self] video')!;
      (video.srcObject as MediaStream).getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
    });
    await expect.poll(() => candidate.getByTestId('video-problem').textContent().catch(() => '')).toMatch(/^Your camera stopped/);
    await candidate.getByTestId('video-problem').getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => candidate.getByTestId('video-problem').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => peerTiles(interviewer).getAttribute('data-connection'), { timeout: 20_000 }).toBe('connected');
    await decoding(interviewer, 1);
    await decoding(candidate, 1);
  });

  it('an observer receives both and sends nothing; the others list them as watching, without a tile', async () => {
    const observer = await personIn('observer', 'Oli Observer');
    await observer.goto(server.url + roomPath);
    // The observer's lobby is the light one: no camera preview and no microphone meter.
    await observer.locator(LOBBY).waitFor({ timeout: 30_000 });
    expect(await observer.getByTestId('lobby-preview').count()).toBe(0);
    expect(await observer.getByTestId('lobby-speaker-test').count()).toBe(1);
    await joinThroughLobby(observer);
    await expect.poll(() => peerTiles(observer).count(), { timeout: 20_000 }).toBe(2);
    expect(await observer.getByTestId('video-self').count()).toBe(0);
    await decoding(observer, 2);
    // The publishers connect to the observer but receive no media from them, and show them as a name only.
    await expect.poll(() => interviewer.getByTestId('video-watchers').textContent().catch(() => ''), { timeout: 20_000 }).toBe('Watching: Oli Observer');
    expect(await peerTiles(interviewer).count()).toBe(1);
    expect(await interviewer.locator('#video-h').textContent()).toContain('3 in call');
    const fromObserver = (await inbound(interviewer)).filter((c) => c.framesDecoded === 0);
    expect(fromObserver).toHaveLength(1);
    await observer.close();
    await expect.poll(() => interviewer.getByTestId('video-watchers').count()).toBe(0);
    expect(await peerTiles(interviewer).count()).toBe(1);
  });

  it('heals after a network blip', async () => {
    // Chromium's offline emulation leaves open sockets alone, so cut the candidate's socket.io connection directly.
    const cut = await candidate.evaluate(() => {
      const open = (window as unknown as { __sockets: WebSocket[] }).__sockets.filter((ws) => ws.url.includes('/socket.io/') && ws.readyState === WebSocket.OPEN);
      open.forEach((ws) => ws.close());
      return open.length;
    });
    expect(cut).toBe(1);
    await expect.poll(() => candidate.getByTestId('connection').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
    // The call is rebuilt on the new connection: both sides decode again on fresh peer connections.
    await expect.poll(() => peerTiles(candidate).getAttribute('data-connection'), { timeout: 30_000 }).toBe('connected');
    await expect.poll(() => peerTiles(interviewer).count()).toBe(1);
    await decoding(candidate, 1);
    await decoding(interviewer, 1);
  });

  it('blocked camera and mic give a clear message, and the board and timer keep working', async () => {
    const blocked = await personIn('co-interviewer', 'Bea Blocked', { denyMedia: true });
    await blocked.goto(server.url + roomPath);
    // The lobby explains the block and offers to join without devices; the call keeps saying so.
    await blocked.getByTestId('lobby-problem').waitFor({ timeout: 20_000 });
    expect(await blocked.getByTestId('lobby-problem').getAttribute('data-kind')).toBe('blocked');
    expect(await blocked.getByTestId('lobby-join').textContent()).toBe('Join without camera and microphone');
    await joinThroughLobby(blocked);
    await expect.poll(() => blocked.getByTestId('video-problem').textContent(), { timeout: 20_000 }).toMatch(/^Camera and microphone are blocked for this site\. Allow them/);
    await roomLive(blocked);
    expect(await blocked.getByTestId('timer-phase').textContent()).toBeTruthy();
    // The board has its own connection (Yjs), which may settle a moment after the room's socket.
    await expect.poll(() => blocked.getByTestId('whiteboard').getAttribute('data-state'), { timeout: 20_000 }).toBe('connected');
    // Still in the call, receive-only: the other two are seen and heard.
    await expect.poll(() => peerTiles(blocked).count(), { timeout: 20_000 }).toBe(2);
    await decoding(blocked, 2);
    expect(pageErrors).toEqual([]);
    expect(callWarnings).toEqual([]);
  });
});
