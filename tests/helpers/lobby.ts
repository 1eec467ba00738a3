/**
 * The pre-join lobby in e2e tests: a live room opens with the lobby over it,
 * and people enter the call by pressing its Join button, as a user does.
 */
import type { Page } from 'playwright-core';

export const LOBBY = 'dialog[data-testid=lobby][open]';

/** Waits for the lobby, presses Join (whatever its label), and waits until the lobby has gone. */
export async function joinThroughLobby(page: Page, timeout = 30_000): Promise<void> {
  const lobby = page.locator(LOBBY);
  await lobby.waitFor({ timeout });
  await lobby.getByTestId('lobby-join').click();
  await lobby.waitFor({ state: 'detached', timeout });
}

/**
 * Joins through the lobby if one is showing. Call once the room is live: by then the page
 * has hydrated, so a live room that has no open lobby (a past interview) really has none.
 */
export async function passLobbyIfShown(page: Page, timeout = 30_000): Promise<void> {
  if ((await page.locator(LOBBY).count()) > 0) await joinThroughLobby(page, timeout);
}
