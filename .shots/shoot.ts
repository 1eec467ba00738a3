import { chromium } from 'playwright-core';
import { startAppServer, testServerEnv } from '../tests/helpers/app-server';
import { createBenchDatabase } from '../bench/lib/common';
import { interviewWithParties, signInContext } from '../tests/helpers/interview-fixture';
import { CHROMIUM_ARGS, findChromium } from '../tests/helpers/chromium.mjs';
import { freePort } from '../tests/helpers/ports';

const db = await createBenchDatabase('postgresql://postgres@127.0.0.1:5432/postgres');
const server = await startAppServer(testServerEnv(db.url, { PORT: String(await freePort()) }));
const browser = await chromium.launch({ executablePath: findChromium()!, args: CHROMIUM_ARGS, headless: true });
try {
  const p = await interviewWithParties(server.url);
  const ctxI = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ctxC = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signInContext(ctxI, server.url, p.interviewer);
  await signInContext(ctxC, server.url, p.candidate);
  const iv = await ctxI.newPage();
  const cand = await ctxC.newPage();
  for (const page of [iv, cand]) {
    await page.goto(`${server.url}/interviews/${p.id}`);
    await page.waitForSelector('[data-testid=connection][data-state=live]');
    await page.locator('dialog[data-testid=lobby][open]').getByTestId('lobby-join').click();
    await page.locator('dialog[data-testid=lobby][open]').waitFor({ state: 'detached' });
  }
  await iv.waitForTimeout(1500);
  await iv.screenshot({ path: '.shots/1-record-button.png' });
  await iv.getByTestId('record-button').click();
  await iv.locator('dialog[data-testid=consent-dialog][open]').waitFor();
  await iv.screenshot({ path: '.shots/2-consent-interviewer.png' });
  await iv.getByRole('button', { name: 'Allow recording' }).click();
  await cand.locator('dialog[data-testid=consent-dialog][open]').waitFor();
  await cand.screenshot({ path: '.shots/3-consent-candidate.png' });
  await cand.getByRole('button', { name: 'Decline' }).click();
  await iv.waitForTimeout(5000);
  await iv.screenshot({ path: '.shots/4-rec-interviewer.png' });
  await cand.screenshot({ path: '.shots/5-rec-candidate.png' });
  await iv.getByTestId('rec-indicator').click();
  await iv.waitForTimeout(300);
  await iv.screenshot({ path: '.shots/6-rec-panel.png' });
} finally {
  await browser.close();
  await server.stop();
  await db.drop();
}
