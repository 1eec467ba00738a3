/**
 * The WebM finisher on synthetic recordings built like Chromium's
 * MediaRecorder output, read back with ts-ebml, an independent EBML parser
 * (tests/helpers/webm-read.ts). Joining several recordings: webm-splice.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { concat, element, ID, uintElement } from '../../server/recordings/webm/ebml';
import { finishWebm, NotWebmError } from '../../server/recordings/webm/finish';
import { av, chunked, cluster, collector, ebmlHeader, info, recording, simpleBlock, tracks } from '../helpers/webm-builder';
import { checkCuesPointAtClusters, decode, finish, starts, values, type Decoded } from '../helpers/webm-read';

describe('finishWebm', () => {
  const av3 = recording(info(), tracks([{ number: 1, type: 'video' }, { number: 2, type: 'audio' }]), cluster(0, av(true, 2000)), cluster(2000, av(false, 2000)), cluster(4000, av(true, 2000)));

  it('writes a known-size Segment, Duration and Cues that point exactly at the Clusters with a keyframe', async () => {
    const { result, bytes, elements } = await finish(av3);
    const segment = starts(elements, 'Segment')[0]!;
    expect(segment.unknownSize ?? false).toBe(false);
    expect(segment.dataStart + segment.dataSize).toBe(bytes.length);
    expect(starts(elements, 'Cluster').every((c) => !c.unknownSize)).toBe(true);

    // The last frames start at 5980 ms; the last audio frame lasts one 20 ms gap.
    expect(values(elements, 'Duration')).toEqual([6000]);
    expect(result).toMatchObject({ durationMs: 6000, cues: 2, clusters: 3, bytes: bytes.length, torn: null });

    expect(values(elements, 'CueTime')).toEqual([0, 4000]);
    expect(values(elements, 'CueTrack')).toEqual([1, 1]);
    const positions = checkCuesPointAtClusters(elements);
    const clusters = starts(elements, 'Cluster');
    expect(positions).toEqual([clusters[0]!.tagStart - segment.dataStart, clusters[2]!.tagStart - segment.dataStart]);
  });

  it('points the SeekHead at Info, Tracks and Cues and keeps every block byte for byte', async () => {
    const { elements } = await finish(av3);
    const segment = starts(elements, 'Segment')[0]!;
    const seekIds = (values(elements, 'SeekID') as Uint8Array[]).map((id) => Buffer.from(id).toString('hex'));
    const seekPositions = values(elements, 'SeekPosition') as number[];
    const at = Object.fromEntries(seekIds.map((id, i) => [id, seekPositions[i]]));
    expect(at).toEqual({
      '1549a966': starts(elements, 'Info')[0]!.tagStart - segment.dataStart,
      '1654ae6b': starts(elements, 'Tracks')[0]!.tagStart - segment.dataStart,
      '1c53bb6b': starts(elements, 'Cues')[0]!.tagStart - segment.dataStart,
    });
    const blocks = (list: Decoded[]) => starts(list, 'SimpleBlock').map((b) => Buffer.from(b.data!).toString('hex'));
    const inputBlocks = blocks(decode(av3));
    expect(inputBlocks.length).toBe(3 * 150);
    expect(blocks(elements)).toEqual(inputBlocks);
    expect(values(elements, 'MuxingApp')).toEqual(['test-muxer']);
  });

  it('gives the same file whatever the chunking of the input', async () => {
    const reference = (await finish(av3, 1)).bytes;
    for (const size of [2, 13, 4096, av3.length]) expect(Buffer.from((await finish(av3, size)).bytes).equals(Buffer.from(reference))).toBe(true);
  });

  it('drops Voids, old Cues and SeekHead, Position and a stale Duration; copes with known-size Clusters', async () => {
    const staleInfo = element(ID.Info, uintElement(ID.TimecodeScale, 1_000_000), element(ID.Duration, new Uint8Array(8)), element(ID.Void, new Uint8Array(5)));
    const input = recording(
      element(ID.SeekHead, element(ID.Void, new Uint8Array(3))),
      element(ID.Void, new Uint8Array(50)),
      staleInfo,
      tracks([{ number: 1, type: 'video' }]),
      cluster(0, [{ track: 1, relative: 0, key: true }, { track: 1, relative: 33 }], { knownSize: true, extra: [uintElement(ID.Position, 99), element(ID.Void, new Uint8Array(9))] }),
      element(ID.Cues, element(ID.CuePoint, uintElement(ID.CueTime, 0))),
      cluster(66, [{ track: 1, relative: 0, key: true }, { track: 1, relative: 33 }], { knownSize: true }),
    );
    const { result, elements } = await finish(input);
    expect(starts(elements, 'Void')).toEqual([]);
    expect(starts(elements, 'Position')).toEqual([]);
    expect(starts(elements, 'Cues')).toHaveLength(1);
    expect(starts(elements, 'SeekHead')).toHaveLength(1);
    expect(values(elements, 'Duration')).toEqual([132]);
    expect(values(elements, 'CueTime')).toEqual([0, 66]);
    checkCuesPointAtClusters(elements);
    expect(result.torn).toBeNull();
  });

  it('keeps the complete blocks of a recording cut mid-block and still finishes it', async () => {
    const whole = recording(info(), tracks([{ number: 1, type: 'video' }, { number: 2, type: 'audio' }]), cluster(0, av(true, 2000)), cluster(2000, av(true, 1000)));
    // Cut 20 bytes before the end: inside the last block, the audio frame at 2980 ms.
    const cut = whole.subarray(0, whole.length - 20);
    const { result, elements } = await finish(cut);
    expect(result.torn).toMatch(/input ends inside/);
    const blocks = starts(elements, 'SimpleBlock');
    expect(blocks.length).toBe(150 + 75 - 1);
    // The last complete frames: audio at 2960 ms (+20 ms gap), video at 2960 ms (+40 ms gap).
    expect(values(elements, 'Duration')).toEqual([3000]);
    expect(values(elements, 'CueTime')).toEqual([0, 2000]);
    checkCuesPointAtClusters(elements);
    const segment = starts(elements, 'Segment')[0]!;
    expect(segment.dataStart + segment.dataSize).toBe(result.bytes);
  });

  it('drops a Cluster torn before its first block, and one cut inside an element header', async () => {
    const head = recording(info(), tracks([{ number: 1, type: 'video' }]), cluster(0, [{ track: 1, relative: 0, key: true }, { track: 1, relative: 40 }]));
    const next = cluster(80, [{ track: 1, relative: 0, key: true }]);
    // The next Cluster: id 0-3, size 4-11, Timecode 12-14, its first block from 15 on.
    for (const cutAt of [3, 6, 13, 15, 17, 20]) {
      const { result, elements } = await finish(concat([head, next.subarray(0, cutAt)]));
      // Cut right after the Timecode, no element is torn, but the Cluster has nothing to play.
      if (cutAt === 15) expect(result.torn).toBeNull();
      else expect(result.torn, `cut at ${cutAt}`).toMatch(/input ends inside/);
      expect(starts(elements, 'Cluster')).toHaveLength(1);
      expect(values(elements, 'Duration')).toEqual([80]);
      checkCuesPointAtClusters(elements);
    }
  });

  it('seeks every Cluster of an audio-only recording, honouring TimecodeScale and DefaultDuration', async () => {
    const audio = (count: number) => Array.from({ length: count }, (_, i) => ({ track: 1, relative: i * 2, bytes: 30 }));
    // TimecodeScale 10 ms: timecodes count 10 ms steps; frames of 20 ms (DefaultDuration 20,000,000 ns = 2 ticks).
    const input = recording(info(10_000_000), tracks([{ number: 1, type: 'audio', defaultDurationNs: 20_000_000 }]), cluster(0, audio(50)), cluster(100, audio(50)), cluster(200, audio(10)));
    const { result, elements } = await finish(input);
    expect(values(elements, 'CueTime')).toEqual([0, 100, 200]);
    checkCuesPointAtClusters(elements);
    expect(values(elements, 'Duration')).toEqual([200 + 18 + 2]);
    expect(result.durationMs).toBe(2200);
    expect(result.cues).toBe(3);
  });

  it('reads BlockGroups: a ReferenceBlock means no keyframe, BlockDuration sets the last frame', async () => {
    const group = (relative: number, { reference = false, duration }: { reference?: boolean; duration?: number }) => {
      const block = simpleBlock({ track: 1, relative, key: false, bytes: 20 });
      const blockBody = block.subarray(2); // SimpleBlock id + 1-byte size: the body is a Block's body too
      return element(ID.BlockGroup, element(ID.Block, blockBody), ...(reference ? [element(ID.ReferenceBlock, new Uint8Array([0xfe]))] : []), ...(duration ? [uintElement(ID.BlockDuration, duration)] : []));
    };
    const input = recording(
      info(),
      tracks([{ number: 1, type: 'video' }]),
      cluster(0, [], { extra: [group(0, {}), group(40, { reference: true })] }),
      cluster(80, [], { extra: [group(0, { reference: true }), group(40, { reference: true, duration: 500 })] }),
    );
    const { result, elements } = await finish(input);
    expect(values(elements, 'CueTime')).toEqual([0]);
    expect(values(elements, 'Duration')).toEqual([80 + 40 + 500]);
    expect(starts(elements, 'BlockGroup')).toHaveLength(4);
    expect(result.clusters).toBe(2);
  });

  it('refuses input that is not WebM before writing anything', async () => {
    const out = collector();
    let sinkCalled = false;
    const sink = async (chunks: AsyncIterable<Uint8Array>) => {
      sinkCalled = true;
      await out.sink(chunks);
    };
    const notWebm = [
      new TextEncoder().encode('RIFF....WAVEfmt this is not a webm file'),
      new Uint8Array(0),
      concat([ebmlHeader('matroska'), recording().subarray(ebmlHeader().length)]),
      ebmlHeader(), // an EBML header and nothing else
    ];
    for (const bytes of notWebm) await expect(finishWebm(chunked(bytes), sink)).rejects.toThrow(NotWebmError);
    expect(sinkCalled).toBe(false);
  });
});
