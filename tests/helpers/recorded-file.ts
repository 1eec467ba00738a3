/**
 * Checks on a finished recording from the outside: what Chromium makes of it
 * (duration, and whether a seek near the end lands), and where its last block
 * really is, read with ts-ebml rather than with our finisher's own parser.
 */
import type { Page } from 'playwright-core';

export interface Probe {
  duration: number;
  seeked: boolean;
  seekedTo: number;
}

/** Loads `url` into a <video> in `page` (same origin, with its cookies), then seeks to 90%. */
export async function probeInChromium(page: Page, url: string, timeoutMs = 15_000): Promise<Probe> {
  return page.evaluate(
    async ({ url, timeoutMs }) => {
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'metadata';
      const meta = new Promise<void>((resolve, reject) => {
        video.onloadedmetadata = () => resolve();
        video.onerror = () => reject(new Error(`media error ${video.error?.code}: ${video.error?.message}`));
        setTimeout(() => reject(new Error('no loadedmetadata')), timeoutMs);
      });
      video.src = url;
      await meta;
      const duration = video.duration;
      const seeked = await new Promise<boolean>((resolve) => {
        video.onseeked = () => resolve(true);
        setTimeout(() => resolve(false), timeoutMs);
        video.currentTime = duration * 0.9;
      });
      const seekedTo = video.currentTime;
      video.removeAttribute('src');
      video.load();
      return { duration, seeked, seekedTo };
    },
    { url, timeoutMs },
  );
}

/** The time of the file's last SimpleBlock, in ms (TimecodeScale applied). */
export async function lastBlockMs(file: Buffer): Promise<number> {
  const { Decoder, tools } = await import('ts-ebml');
  const copy = new Uint8Array(file).slice();
  const elements = new Decoder().decode(copy.buffer) as unknown as { name: string; isEnd?: boolean; value?: number; data?: Buffer }[];
  let scaleNs = 1_000_000;
  let cluster = 0;
  let last = 0;
  for (const e of elements) {
    if (e.name === 'TimecodeScale' || e.name === 'TimestampScale') scaleNs = e.value!;
    else if (e.name === 'Timecode' || e.name === 'Timestamp') cluster = e.value!;
    else if (e.name === 'SimpleBlock' && e.data) last = Math.max(last, cluster + tools.ebmlBlock(Buffer.from(e.data)).timecode);
  }
  return (last * scaleNs) / 1_000_000;
}
