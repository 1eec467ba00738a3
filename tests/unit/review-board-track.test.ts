/**
 * The review's board track (server/review/board-track.ts): the idle
 * stretches "skip idle" jumps, and the segments and per-person activity the
 * review describes its replay with.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardReplay, type StampedUpdate } from '../../lib/review/board-replay';
import { decodeSegment } from '../../lib/review/segment-codec';
import type { Timeline } from '../../lib/review/timeline';
import { boardTrack, bucketMsFor, IDLE_MS, idleStretches, segmentBytes } from '../../server/review/board-track';

describe('idleStretches', () => {
  it('finds gaps longer than IDLE_MS between busy moments, ending a 2 s lead-in before the next one', () => {
    expect(IDLE_MS).toBe(30_000);
    expect(idleStretches([10_000, 50_000], 60_000)).toEqual([{ fromMs: 10_000, toMs: 48_000 }]);
  });

  it('counts the start and the end of the axis as moments', () => {
    // Nothing at all: the whole axis but the lead-in to its end.
    expect(idleStretches([], 100_000)).toEqual([{ fromMs: 0, toMs: 98_000 }]);
    expect(idleStretches([40_000], 45_000)).toEqual([{ fromMs: 0, toMs: 38_000 }]);
    expect(idleStretches([5_000], 45_000)).toEqual([{ fromMs: 5_000, toMs: 43_000 }]);
  });

  it('does not call a gap of exactly IDLE_MS idle', () => {
    expect(idleStretches([0, 30_000, 60_000], 60_000)).toEqual([]);
    expect(idleStretches([0, 30_001], 30_001)).toEqual([{ fromMs: 0, toMs: 28_001 }]);
  });

  it('sorts the moments, and ignores ones off the axis', () => {
    expect(idleStretches([90_000, 5_000, -20_000, 200_000, 5_000], 100_000)).toEqual([{ fromMs: 5_000, toMs: 88_000 }]);
  });

  it('finds nothing on a short or empty axis', () => {
    expect(idleStretches([], 0)).toEqual([]);
    expect(idleStretches([1_000, 2_000], 20_000)).toEqual([]);
  });
});

describe('bucketMsFor', () => {
  it('aims at about 240 buckets, in whole seconds, each at least 5 s', () => {
    expect(bucketMsFor(0)).toBe(5_000);
    expect(bucketMsFor(60_000)).toBe(5_000);
    // 45 minutes / 240 = 11.25 s → 12 s.
    expect(bucketMsFor(45 * 60_000)).toBe(12_000);
  });
});

describe('boardTrack and segmentBytes', () => {
  /** Five updates by two people (and one by the server) on an axis from 10 s to 90 s. */
  function sample() {
    const doc = new Y.Doc();
    const log: StampedUpdate[] = [];
    let at = 0;
    let userId: string | null = null;
    doc.on('update', (update: Uint8Array) => log.push({ at, update, userId }));
    const draw = (time: number, who: string | null, id: string) => {
      at = time;
      userId = who;
      doc.getMap('elements').set(id, { id, version: 1 });
    };
    draw(9_000, 'ann', 'early');
    draw(11_000, 'ann', 'a');
    draw(12_000, 'bob', 'b');
    draw(70_000, null, 'server');
    draw(90_000, 'bob', 'c');
    const timeline: Timeline = { originAt: 10_000, durationMs: 80_000, timed: true, phases: [] };
    return { replay: new BoardReplay(null, log, 2), timeline, log };
  }

  it('describes segments covering every update, activity per person, and idle stretches on the axis', () => {
    const { replay, timeline } = sample();
    const track = boardTrack(replay, timeline, new Map([['ann', 'Ann'], ['bob', 'Bob']]), [25_000]);
    expect(track.updates).toBe(5);
    // An update before the axis starts sits at 0.
    expect(track.segments).toEqual([
      { index: 0, fromMs: 0, count: 2 },
      { index: 1, fromMs: 2_000, count: 2 },
      { index: 2, fromMs: 80_000, count: 1 },
    ]);
    expect(track.segments.reduce((sum, s) => sum + s.count, 0)).toBe(track.updates);
    expect(track.activity.bucketMs).toBe(5_000);
    const buckets = Object.fromEntries(track.activity.people.map((p) => [p.name, p.buckets]));
    expect(Object.keys(buckets).sort()).toEqual(['Ann', 'Bob']);
    expect(buckets.Ann!.length).toBe(16);
    expect(buckets.Ann![0]).toBe(2);
    expect(buckets.Ann!.reduce((a, b) => a + b)).toBe(2);
    expect(buckets.Bob![0]).toBe(1);
    // The last update sits at the very end of the axis: the last bucket, not past it.
    expect(buckets.Bob![15]).toBe(1);
    // The busy moment (a marker, say) at 25 s shortens what would be one gap from 2 s to 60 s.
    expect(track.idle).toEqual([{ fromMs: 25_000, toMs: 58_000 }]);
    expect(boardTrack(replay, timeline, new Map(), []).idle).toEqual([{ fromMs: 2_000, toMs: 58_000 }]);
  });

  it('serves each segment with its checkpoint and its updates at axis times (before the start kept, after the end clamped to it)', () => {
    const { replay, timeline, log } = sample();
    const first = decodeSegment(segmentBytes(replay, timeline, 0));
    expect(first.times).toEqual([-1_000, 1_000]);
    expect(first.updates).toEqual([log[0]!.update, log[1]!.update]);
    const second = decodeSegment(segmentBytes(replay, timeline, 1));
    expect(second.times).toEqual([2_000, 60_000]);
    // Its checkpoint is the board after the first segment.
    const doc = new Y.Doc();
    Y.applyUpdateV2(doc, second.checkpoint);
    expect([...doc.getMap('elements').keys()].sort()).toEqual(['a', 'early']);
    expect(() => segmentBytes(replay, timeline, 3)).toThrow(RangeError);
  });

  it('puts an update stored just after the end at the end, so the board at the end includes it', () => {
    const { replay, timeline } = sample();
    // 'c' was taken at 90 s; an axis ending at 79.8 s is a last batch written 200 ms after the end.
    const last = decodeSegment(segmentBytes(replay, { ...timeline, durationMs: 79_800 }, 2));
    expect(last.times).toEqual([79_800]);
  });
});
