/**
 * Lays out the finished file from pass 1's plan: EBML header, a Segment of
 * known size, SeekHead, Info (with Duration), Tracks, Cues, then the Clusters.
 *
 * Cues sit before the Clusters (a player reads them without seeking to the
 * end), so the Cluster positions they hold depend on their own size. Every
 * CueClusterPosition (and SeekPosition) is written in a fixed 8 bytes, which
 * makes the header's size independent of the positions: measure once, then
 * fill in.
 */
import { childrenOf, concat, element, elementHeader, encodeId, encodeSize, floatElement, ID, uintElement } from './ebml';
import type { ClusterPlan, Plan } from './scan';

const POSITION_WIDTH = 8;

export interface Layout {
  /** Everything before the first Cluster. */
  head: Uint8Array;
  /** Where each planned Cluster starts, relative to the Segment's data; null for a dropped one. */
  clusterPositions: (number | null)[];
  cuePoints: number;
  /** Size of the whole output file. */
  totalBytes: number;
}

/** A Cluster of the output: kept only when it has children (see scan). */
export function clusterHeader(cluster: ClusterPlan): Uint8Array {
  return elementHeader(ID.Cluster, cluster.dataSize);
}

/** Info as the input had it, minus any Duration and Void, plus ours. */
function infoWithDuration(info: Uint8Array, durationTicks: number): Uint8Array {
  const kept = childrenOf(info)
    .filter((child) => child.id !== ID.Duration && child.id !== ID.Void && child.id !== ID.CRC32)
    .map((child) => info.subarray(child.start, child.dataStart + child.size));
  return element(ID.Info, ...kept, floatElement(ID.Duration, durationTicks));
}

interface CuePoint {
  time: number;
  track: number;
  cluster: number;
}

/** Seek points: a keyframe on the cue track per Cluster; failing any, the first block of every Cluster. */
function cuePointsOf(plan: Plan): CuePoint[] {
  const kept = plan.clusters.map((cluster, index) => ({ cluster, index })).filter(({ cluster }) => cluster.children > 0);
  let points = kept.flatMap(({ cluster, index }) =>
    cluster.cueTime === null || plan.cueTrack === null ? [] : [{ time: cluster.cueTime, track: plan.cueTrack, cluster: index }],
  );
  if (points.length === 0) {
    points = kept.flatMap(({ cluster, index }) =>
      cluster.firstBlockTime === null || cluster.firstBlockTrack === null ? [] : [{ time: cluster.firstBlockTime, track: cluster.firstBlockTrack, cluster: index }],
    );
  }
  return points.sort((a, b) => a.time - b.time);
}

function cuesElement(points: CuePoint[], positionOf: (cluster: number) => number): Uint8Array | null {
  if (points.length === 0) return null; // Cues must hold at least one CuePoint
  return element(
    ID.Cues,
    ...points.map((point) =>
      element(
        ID.CuePoint,
        uintElement(ID.CueTime, Math.max(0, Math.round(point.time))),
        element(ID.CueTrackPositions, uintElement(ID.CueTrack, point.track), uintElement(ID.CueClusterPosition, positionOf(point.cluster), POSITION_WIDTH)),
      ),
    ),
  );
}

function seekHead(entries: { id: number; position: number }[]): Uint8Array {
  return element(
    ID.SeekHead,
    ...entries.map(({ id, position }) => element(ID.Seek, element(ID.SeekID, encodeId(id)), uintElement(ID.SeekPosition, position, POSITION_WIDTH))),
  );
}

export function layout(plan: Plan): Layout {
  const info = infoWithDuration(plan.info, plan.durationTicks);
  const tracks = element(ID.Tracks, plan.tracksBody);
  const points = cuePointsOf(plan);

  // Cluster offsets within the Cluster area, then shifted by the header once its size is known.
  const offsets: (number | null)[] = [];
  let clustersBytes = 0;
  for (const cluster of plan.clusters) {
    if (cluster.children === 0) {
      offsets.push(null);
      continue;
    }
    offsets.push(clustersBytes);
    clustersBytes += clusterHeader(cluster).length + cluster.dataSize;
  }

  const draftCues = cuesElement(points, () => 0);
  const draftSeek = seekHead([{ id: ID.Info, position: 0 }, { id: ID.Tracks, position: 0 }, ...(draftCues ? [{ id: ID.Cues, position: 0 }] : [])]);
  const headerBytes = draftSeek.length + info.length + tracks.length + (draftCues?.length ?? 0);

  const clusterPositions = offsets.map((offset) => (offset === null ? null : headerBytes + offset));
  const cues = cuesElement(points, (cluster) => clusterPositions[cluster]!);
  const seek = seekHead([
    { id: ID.Info, position: draftSeek.length },
    { id: ID.Tracks, position: draftSeek.length + info.length },
    ...(cues ? [{ id: ID.Cues, position: draftSeek.length + info.length + tracks.length }] : []),
  ]);
  if (seek.length !== draftSeek.length || (cues?.length ?? 0) !== (draftCues?.length ?? 0)) {
    throw new Error('unreachable: fixed-width positions changed the header size');
  }

  const segmentSize = headerBytes + clustersBytes;
  const head = concat([plan.ebmlHeader, encodeId(ID.Segment), encodeSize(segmentSize, 8), seek, info, tracks, ...(cues ? [cues] : [])]);
  return { head, clusterPositions, cuePoints: points.length, totalBytes: head.length + clustersBytes };
}
