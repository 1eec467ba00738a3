import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../server/recordings/webm/byte-reader';
import {
  blockHeader,
  childrenOf,
  concat,
  EbmlError,
  element,
  encodeId,
  encodeSize,
  encodeUnknownSize,
  floatElement,
  ID,
  readFloat,
  readId,
  readSize,
  readUint,
  sizeWidth,
  uintElement,
} from '../../server/recordings/webm/ebml';
import { simpleBlock } from '../helpers/webm-builder';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('EBML variable-length integers', () => {
  it('decodes sizes of every width, dropping the length marker', () => {
    expect(readSize(bytes(0x81), 0)).toEqual({ length: 1, value: 1 });
    expect(readSize(bytes(0x40, 0x02), 0)).toEqual({ length: 2, value: 2 });
    expect(readSize(bytes(0x21, 0x00, 0x00), 0)).toEqual({ length: 3, value: 0x10000 });
    expect(readSize(bytes(0x01, 0, 0, 0x01, 0, 0, 0, 0), 0)).toEqual({ length: 8, value: 2 ** 32 });
    expect(readSize(bytes(0x00, 0x81, 0x42), 1)).toEqual({ length: 1, value: 1 });
  });

  it('reads all value bits set as "unknown size", in any width', () => {
    expect(readSize(bytes(0xff), 0)).toEqual({ length: 1, value: null });
    expect(readSize(bytes(0x7f, 0xff), 0)).toEqual({ length: 2, value: null });
    expect(readSize(bytes(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0)).toEqual({ length: 8, value: null });
    // One bit short of all ones is a real size.
    expect(readSize(bytes(0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe), 0)?.value).toBe(2 ** 56 - 2);
  });

  it('says "not yet" when the buffer ends inside a vint, and refuses a zero first byte', () => {
    expect(readSize(bytes(0x40), 0)).toBeNull();
    expect(readSize(bytes(), 0)).toBeNull();
    expect(readId(bytes(0x1a, 0x45), 0)).toBeNull();
    expect(() => readSize(bytes(0x00, 0x01), 0)).toThrow(EbmlError);
    expect(() => readId(bytes(0x08, 1, 2, 3, 4), 0)).toThrow(EbmlError); // 5-byte ids do not exist
  });

  it('encodes sizes minimally, never as the unknown marker, and in a fixed width on request', () => {
    expect([...encodeSize(0)]).toEqual([0x80]);
    expect([...encodeSize(126)]).toEqual([0xfe]);
    expect([...encodeSize(127)]).toEqual([0x40, 0x7f]); // 0xff would mean "unknown"
    expect([...encodeSize(5, 8)]).toEqual([0x01, 0, 0, 0, 0, 0, 0, 5]);
    expect(sizeWidth(2 ** 14 - 2)).toBe(2);
    expect(sizeWidth(2 ** 14 - 1)).toBe(3);
    expect(() => encodeSize(300, 1)).toThrow(EbmlError);
    for (const value of [0, 1, 126, 127, 128, 16382, 16383, 2 ** 21, 2 ** 35 + 7, 2 ** 53 - 1]) {
      for (let width = sizeWidth(value); width <= 8; width++) {
        expect(readSize(encodeSize(value, width), 0)).toEqual({ length: width, value });
      }
    }
  });

  it('encodes the unknown-size marker that decodes back as unknown', () => {
    for (let width = 1; width <= 8; width++) expect(readSize(encodeUnknownSize(width), 0)).toEqual({ length: width, value: null });
    expect([...encodeUnknownSize(8)]).toEqual([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  });

  it('round-trips element ids with their marker bits', () => {
    for (const id of [ID.Segment, ID.Cluster, ID.Info, ID.Timecode, ID.SimpleBlock, ID.DefaultDuration, ID.SeekID]) {
      expect(readId(encodeId(id), 0)).toEqual({ length: encodeId(id).length, id });
    }
    expect([...encodeId(ID.Cluster)]).toEqual([0x1f, 0x43, 0xb6, 0x75]);
    expect(() => encodeId(0x0123)).toThrow(EbmlError); // its marker says 8 bytes, not 2
  });
});

describe('EBML elements', () => {
  it('round-trips unsigned, float and nested elements', () => {
    const tree = element(ID.Info, uintElement(ID.TimecodeScale, 1_000_000), floatElement(ID.Duration, 12345.5), uintElement(ID.CueClusterPosition, 7, 8));
    const [info] = childrenOf(tree);
    expect(info).toMatchObject({ id: ID.Info, start: 0 });
    const body = tree.subarray(info!.dataStart, info!.dataStart + info!.size);
    const fields = childrenOf(body);
    expect(fields.map((f) => f.id)).toEqual([ID.TimecodeScale, ID.Duration, ID.CueClusterPosition]);
    const data = (i: number) => body.subarray(fields[i]!.dataStart, fields[i]!.dataStart + fields[i]!.size);
    expect(readUint(data(0))).toBe(1_000_000);
    expect(readFloat(data(1))).toBe(12345.5);
    expect(fields[2]!.size).toBe(8);
    expect(readUint(data(2))).toBe(7);
  });

  it('refuses a child that runs past its parent', () => {
    const good = uintElement(ID.Timecode, 1000);
    expect(() => childrenOf(good.subarray(0, good.length - 1))).toThrow(EbmlError);
  });

  it('reads a SimpleBlock header: track, signed relative timecode, keyframe flag', () => {
    const block = simpleBlock({ track: 2, relative: -5, key: true, bytes: 10 });
    const [child] = childrenOf(block);
    expect(blockHeader(block.subarray(child!.dataStart))).toEqual({ track: 2, relative: -5, flags: 0x80 });
    const wideTrack = concat([encodeSize(200), bytes(0x7f, 0xff, 0x00)]);
    expect(blockHeader(wideTrack)).toEqual({ track: 200, relative: 32767, flags: 0 });
    expect(blockHeader(bytes(0x81, 0x00))).toBeNull();
  });
});

describe('ByteReader', () => {
  const source = (chunks: number[][]) =>
    ByteReader.from(
      (async function* () {
        for (const chunk of chunks) yield Uint8Array.from(chunk);
      })(),
    );

  it('peeks and consumes across chunk boundaries, tracking the position', async () => {
    const reader = source([[1, 2], [], [3], [4, 5, 6]]);
    expect(await reader.fill(4)).toBe(true);
    expect([...reader.peek(4)]).toEqual([1, 2, 3, 4]);
    reader.consume(3);
    expect(reader.position).toBe(3);
    expect([...((await reader.read(2)) ?? [])]).toEqual([4, 5]);
    expect(await reader.read(2)).toBeNull();
    expect(await reader.fill(1)).toBe(true);
    expect([...reader.peek(1)]).toEqual([6]);
  });

  it('streams a body without buffering it and reports a short one through the position', async () => {
    const reader = source([[1, 2, 3], [4, 5], [6, 7, 8, 9]]);
    reader.consume(0);
    const pieces: number[][] = [];
    for await (const piece of reader.take(6)) pieces.push([...piece]);
    expect(pieces).toEqual([[1, 2, 3], [4, 5], [6]]);
    expect(reader.position).toBe(6);
    expect(await reader.skip(10)).toBe(3);
    expect(reader.position).toBe(9);
  });
});
