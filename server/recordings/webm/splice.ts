/**
 * Joining several WebM files laid end to end (a browser that restarted its
 * MediaRecorder mid-recording, e.g. on a device switch where it cannot relay
 * tracks) into the first file's Segment:
 *  - each later file's Cluster timecodes are re-based to continue after the
 *    end of what came before (its last block plus one frame), so the timeline
 *    runs on instead of starting over;
 *  - its block track numbers are remapped to the first file's Tracks: a track
 *    maps to the first file's track of the same type (video/audio) and codec.
 *
 * The rule for what does not map: a later file's track with no counterpart in
 * the first (the recording began audio-only and a camera appeared later, or
 * the codec changed) is dropped, and so is a whole later file whose
 * TimecodeScale differs or that has no Tracks before its media. The first
 * file's Tracks are what players initialise from, so a track first seen
 * mid-file would not play reliably; audio, which matters most in an
 * interview, maps whenever the first file had it. Every drop is reported in
 * `notes` for the finishing step to log.
 *
 * Both passes of the finisher call `childOutput` with the same inputs, so
 * they agree on every byte.
 */
import { blockHeader, childrenOf, concat, elementHeader, encodeSize, ID, readSize, readUint, sizeWidth, uintElement } from './ebml';

export interface TrackInfo {
  number: number;
  /** 1 video, 2 audio (Matroska TrackType). */
  type: number;
  codec: string;
  /** DefaultDuration in ns, when the muxer wrote one. */
  defaultDurationNs: number | null;
}

export interface StreamPlan {
  /** This file's track number → the first file's, or null when its blocks are dropped. Empty: keep as is. */
  trackMap: Map<number, number | null>;
  /** Added to this file's Cluster timecodes (TimecodeScale units). */
  offset: number;
  /** Why the whole file is left out, or null. */
  skipped: string | null;
}

export const TYPE_NAMES: Record<number, string> = { 1: 'video', 2: 'audio' };

/** The first file: copied as it is. */
export function firstStream(): StreamPlan {
  return { trackMap: new Map(), offset: 0, skipped: null };
}

/** Maps a later file's tracks onto the first file's by type and codec; `notes` gets what is dropped. */
export function mapTracks(first: TrackInfo[], later: TrackInfo[], stream: number, notes: string[]): Map<number, number | null> {
  const map = new Map<number, number | null>();
  const taken = new Set<number>();
  for (const track of later) {
    const match = first.find((f) => !taken.has(f.number) && f.type === track.type && f.codec === track.codec);
    if (match) taken.add(match.number);
    else notes.push(`stream ${stream}: its ${TYPE_NAMES[track.type] ?? `type ${track.type}`} track (${track.codec || 'no codec'}) has no counterpart in the first stream's Tracks; dropped`);
    map.set(track.number, match?.number ?? null);
  }
  return map;
}

/** A Cluster's Timecode in the output, from its Timecode element's body (never below 0). */
export function rebasedTimecode(plan: StreamPlan, timecodeBody: Uint8Array): number {
  return Math.max(0, readUint(timecodeBody) + plan.offset);
}

/** How one Cluster child is written: `head`, then the input body from byte `skip` on; null when it is dropped. */
export interface ChildOutput {
  head: Uint8Array;
  skip: number;
}

/** The track number of a (Simple)Block prefix, re-encoded in the same width (so sizes stay put where they can). */
function remapBlock(body: Uint8Array, map: Map<number, number | null>): { track: Uint8Array; oldWidth: number } | null {
  const header = blockHeader(body);
  const width = readSize(body, 0)?.length;
  if (!header || !width) return null;
  const mapped = map.get(header.track);
  if (mapped === null || mapped === undefined) return null;
  return { track: encodeSize(mapped, Math.max(width, sizeWidth(mapped))), oldWidth: width };
}

/**
 * What the output holds for a Cluster child of the stream planned by `plan`.
 * `prefix` is the walker's (a SimpleBlock's first bytes, a whole Timecode or BlockGroup).
 */
export function childOutput(plan: StreamPlan, id: number, header: Uint8Array, size: number, prefix: Uint8Array): ChildOutput | null {
  if (plan.skipped) return null;
  if (plan.trackMap.size === 0 && plan.offset === 0) return { head: header, skip: 0 };
  if (id === ID.Timecode) return { head: uintElement(ID.Timecode, rebasedTimecode(plan, prefix)), skip: size };
  if (id === ID.SimpleBlock) {
    const block = remapBlock(prefix, plan.trackMap);
    if (!block) return null;
    return { head: concat([elementHeader(ID.SimpleBlock, size - block.oldWidth + block.track.length), block.track]), skip: block.oldWidth };
  }
  if (id === ID.BlockGroup) {
    if (prefix.length < size) return null; // larger than the walker reads whole: cannot be remapped safely
    const inner = childrenOf(prefix).find((child) => child.id === ID.Block);
    if (!inner) return null;
    const block = remapBlock(prefix.subarray(inner.dataStart, inner.dataStart + inner.size), plan.trackMap);
    if (!block) return null;
    const grown = block.track.length - block.oldWidth;
    const blockHead = elementHeader(ID.Block, inner.size + grown);
    const before = prefix.subarray(0, inner.start);
    return {
      head: concat([elementHeader(ID.BlockGroup, size + grown + blockHead.length - (inner.dataStart - inner.start)), before, blockHead, block.track]),
      skip: inner.dataStart + block.oldWidth,
    };
  }
  return { head: header, skip: 0 };
}

export function parseTracks(body: Uint8Array): TrackInfo[] {
  const tracks: TrackInfo[] = [];
  for (const entry of childrenOf(body)) {
    if (entry.id !== ID.TrackEntry) continue;
    const track: TrackInfo = { number: 0, type: 0, codec: '', defaultDurationNs: null };
    const entryBody = body.subarray(entry.dataStart, entry.dataStart + entry.size);
    for (const field of childrenOf(entryBody)) {
      const data = entryBody.subarray(field.dataStart, field.dataStart + field.size);
      if (field.id === ID.TrackNumber) track.number = readUint(data);
      else if (field.id === ID.TrackType) track.type = readUint(data);
      else if (field.id === ID.CodecID) track.codec = new TextDecoder().decode(data);
      else if (field.id === ID.DefaultDuration) track.defaultDurationNs = readUint(data);
    }
    tracks.push(track);
  }
  return tracks;
}
