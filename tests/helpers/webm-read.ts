/**
 * Reads the finisher's output back with ts-ebml's decoder, an independent
 * EBML parser, so a Cue or SeekHead position is checked against where that
 * parser actually finds the element. Shared by the webm unit tests.
 */
import { Decoder } from 'ts-ebml';
import { expect } from 'vitest';
import { finishWebm } from '../../server/recordings/webm/finish';
import { chunked, collector } from './webm-builder';

export interface Decoded {
  name: string;
  type: string;
  isEnd?: boolean;
  unknownSize?: boolean;
  value?: unknown;
  data?: Uint8Array;
  tagStart: number;
  dataStart: number;
  dataSize: number;
}

export function decode(bytes: Uint8Array): Decoded[] {
  const copy = bytes.slice();
  return new Decoder().decode(copy.buffer) as unknown as Decoded[];
}

/** Finishes `input` fed in chunks of `chunk` bytes; the result, the bytes and their decoding. */
export async function finish(input: Uint8Array, chunk = 7, streamStarts: number[] = []) {
  const out = collector();
  const result = await finishWebm(chunked(input, chunk), out.sink, { streamStarts });
  const bytes = out.bytes();
  return { result, bytes, elements: decode(bytes) };
}

export const starts = (elements: Decoded[], name: string) => elements.filter((e) => e.name === name && !e.isEnd);
export const values = (elements: Decoded[], name: string) => starts(elements, name).map((e) => e.value);

/** Every CueClusterPosition names the start of a Cluster; returns the positions. */
export function checkCuesPointAtClusters(elements: Decoded[]) {
  const segment = starts(elements, 'Segment')[0]!;
  const clusterStarts = new Set(starts(elements, 'Cluster').map((c) => c.tagStart - segment.dataStart));
  const positions = values(elements, 'CueClusterPosition') as number[];
  expect(positions.length).toBeGreaterThan(0);
  for (const position of positions) expect(clusterStarts.has(position)).toBe(true);
  return positions;
}
