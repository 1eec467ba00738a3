/**
 * Joining the WebM files a restarted MediaRecorder lays end to end into one
 * Segment on one timeline (server/recordings/webm/splice.ts), on synthetic
 * recordings read back with ts-ebml.
 */
import { describe, expect, it } from 'vitest';
import { concat, element, ID, readSize, uintElement } from '../../server/recordings/webm/ebml';
import { av, cluster, ebmlHeader, info, recording, simpleBlock, tracks, type TrackSpec } from '../helpers/webm-builder';
import { checkCuesPointAtClusters, decode, finish, starts, values, type Decoded } from '../helpers/webm-read';

const VIDEO_FIRST: TrackSpec[] = [{ number: 1, type: 'video' }, { number: 2, type: 'audio' }];
/** The same two tracks numbered the other way round, as a new recorder may. */
const AUDIO_FIRST: TrackSpec[] = [{ number: 1, type: 'audio' }, { number: 2, type: 'video' }];

/** [track, payload hex] of every SimpleBlock (the payload starts after the 1-byte track, timecode and flags). */
const blocks = (list: Decoded[]) => starts(list, 'SimpleBlock').map((b) => [b.data![0]! & 0x7f, Buffer.from(b.data!.subarray(4)).toString('hex')] as const);
const clusterTimecodes = (list: Decoded[]) => values(list, 'Timecode').length > 0 ? values(list, 'Timecode') : values(list, 'Timestamp');

// 0–3000 ms: the last frames start at 2980 ms (audio, +20 ms) and 2960 ms (video, +40 ms).
const first = recording(info(), tracks(VIDEO_FIRST), cluster(0, av(true, 2000)), cluster(2000, av(false, 1000)));
const second = recording(info(), tracks(AUDIO_FIRST), cluster(0, av(true, 2000, { video: 2, audio: 1 })));

describe('finishing several recordings laid end to end', () => {
  it('keeps every one: later Clusters continue the timeline and their tracks are renumbered to the first Tracks', async () => {
    const { result, bytes, elements } = await finish(concat([first, second, second]));
    expect(result).toMatchObject({ torn: null, streams: 3, notes: [], clusters: 4 });
    expect(starts(elements, 'EBML')).toHaveLength(1);
    expect(starts(elements, 'Segment')).toHaveLength(1);
    expect(starts(elements, 'TrackEntry')).toHaveLength(2);
    // Each later recording starts one frame after the last block before it.
    expect(clusterTimecodes(elements)).toEqual([0, 2000, 3000, 5000]);
    expect(values(elements, 'Duration')).toEqual([7000]);
    expect(values(elements, 'CueTime')).toEqual([0, 3000, 5000]);
    checkCuesPointAtClusters(elements);
    // ts-ebml misreads 8-byte sizes past 64 KiB as unknown (-1), so the Segment's size is read here.
    const segment = starts(elements, 'Segment')[0]!;
    expect(segment.dataStart + readSize(bytes, segment.tagStart + 4)!.value!).toBe(bytes.length);

    // Every block is there, payload byte for byte, video (300-byte frames) on track 1 and audio on track 2.
    const input = [first, second, second].flatMap((file) => blocks(decode(file)).map(([, payload]) => payload));
    const output = blocks(elements);
    expect(output.map(([, payload]) => payload)).toEqual(input);
    for (const [track, payload] of output) expect(track).toBe(payload.length === 600 ? 1 : 2);
  });

  it('gives the same joined file whatever the chunking of the input', async () => {
    const input = concat([first, second]);
    const reference = (await finish(input, 1)).bytes;
    for (const size of [3, 13, 4096, input.length]) expect(Buffer.from((await finish(input, size)).bytes).equals(Buffer.from(reference))).toBe(true);
  });

  it('a recording cut mid-block by a reload: with the seam the server noted, the cut block goes and the next file is kept whole', async () => {
    // Chromium leaves its last Cluster open; the page went away 10 bytes before the end of its last (40-byte) block.
    const cut = first.subarray(0, first.length - 10);
    const input = concat([cut, second]);
    // Without the seam, the cut block's declared size runs into the next file: everything after it is lost.
    const blind = await finish(input);
    expect(blind.result.streams).toBe(1);
    expect(blind.result.torn).not.toBeNull();

    for (const size of [7, 4096]) {
      const { result, elements } = await finish(input, size, [cut.length]);
      expect(result).toMatchObject({ torn: null, streams: 2, notes: [] });
      const kept = blocks(elements).map(([, payload]) => payload);
      const before = blocks(decode(first)).map(([, payload]) => payload);
      // Every block of the first file but the cut one, then every block of the second.
      expect(kept).toEqual([...before.slice(0, -1), ...blocks(decode(second)).map(([, payload]) => payload)]);
      checkCuesPointAtClusters(elements);
    }
  });

  it('re-bases a later recording whose first Cluster does not start at 0', async () => {
    const late = recording(info(), tracks(VIDEO_FIRST), cluster(700, av(true, 1000)), cluster(1700, av(true, 1000)));
    const { result, elements } = await finish(concat([first, late]));
    expect(result.streams).toBe(2);
    expect(clusterTimecodes(elements)).toEqual([0, 2000, 3000, 4000]);
    expect(values(elements, 'Duration')).toEqual([5000]);
  });

  it('an audio-only start keeps the later audio and drops the later video, saying so', async () => {
    const audioOnly = recording(info(), tracks([{ number: 1, type: 'audio' }]), cluster(0, av(false, 1000).filter((b) => b.track === 2).map((b) => ({ ...b, track: 1 }))));
    const withVideo = recording(info(), tracks(VIDEO_FIRST), cluster(0, av(true, 1000)));
    const { result, elements } = await finish(concat([audioOnly, withVideo]));
    expect(result.notes).toEqual([expect.stringMatching(/^stream 1: its video track \(V_VP8\) has no counterpart .*dropped$/)]);
    expect(starts(elements, 'TrackEntry')).toHaveLength(1);
    const output = blocks(elements);
    expect(output).toHaveLength(100);
    expect(output.every(([track, payload]) => track === 1 && payload.length === 80)).toBe(true);
    expect(clusterTimecodes(elements)).toEqual([0, 1000]);
    expect(values(elements, 'Duration')).toEqual([2000]);
  });

  it('drops a later recording on another TimecodeScale, and stops at one that is not WebM', async () => {
    const otherScale = recording(info(500_000), tracks(VIDEO_FIRST), cluster(0, av(true, 1000)));
    const scaled = await finish(concat([first, otherScale, second]));
    expect(scaled.result.notes).toEqual(['stream 1: its TimecodeScale 500000 differs from the first stream\'s 1000000; dropped']);
    expect(clusterTimecodes(scaled.elements)).toEqual([0, 2000, 3000]);
    expect(values(scaled.elements, 'Duration')).toEqual([5000]);

    const matroska = concat([ebmlHeader('matroska'), second.subarray(ebmlHeader().length)]);
    const stopped = await finish(concat([first, matroska]));
    expect(stopped.result.torn).toMatch(/^stream 1: not a WebM file: its DocType is "matroska"/);
    expect(clusterTimecodes(stopped.elements)).toEqual([0, 2000]);
    expect(values(stopped.elements, 'Duration')).toEqual([3000]);
  });

  it('renumbers the Block inside a later BlockGroup, keeping its duration', async () => {
    const group = (track: number, relative: number, duration: number) =>
      element(ID.BlockGroup, element(ID.Block, simpleBlock({ track, relative, bytes: 20 }).subarray(2)), uintElement(ID.BlockDuration, duration));
    const grouped = recording(info(), tracks(AUDIO_FIRST), cluster(0, [], { extra: [group(2, 0, 40), group(1, 0, 20), group(1, 20, 500)] }));
    const { result, elements } = await finish(concat([first, grouped]));
    expect(result.notes).toEqual([]);
    const tracksOf = starts(elements, 'Block').map((b) => b.data![0]! & 0x7f);
    expect(tracksOf).toEqual([1, 2, 2]);
    // The last audio frame starts at 3020 ms and lasts 500 ms.
    expect(values(elements, 'Duration')).toEqual([3520]);
    expect(starts(elements, 'BlockGroup')).toHaveLength(3);
  });
});
