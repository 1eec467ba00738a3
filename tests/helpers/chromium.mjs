// Where the system Chromium is, and how to launch it here. Shared by the test
// runner script (to decide whether e2e can run) and the e2e helpers.
import { accessSync, constants } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling Google's
// hosts, which this network refuses; QUIC and GPU are off for headless stability.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** @returns {string | null} the executable, or null when there is none */
export function findChromium(envPath = process.env.CHROMIUM_PATH) {
  const candidate = envPath || DEFAULT_CHROMIUM;
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}
