/**
 * The review page's contracts (issue 14): one session on one time axis, the
 * board's replay served in segments, the recordings, and share links.
 *
 * What a reader receives is cut to their scope on the server: a field that is
 * interviewer-only is absent from the candidate's answer, never hidden by the
 * page. `?share=<token>` on these paths reads through a share link instead of
 * membership.
 */
import { z } from 'zod';
import { LEVEL_ESTIMATES, RECOMMENDATIONS, releasedFeedbackSchema, revealedCardSchema } from '../rubric/evaluation';
import { defineRoute } from './contract';

const isoTime = z.iso.datetime();

export const reviewScopeSchema = z.object({
  /** The board's replay and the recordings. */
  replay: z.boolean(),
  /** Phases and revealed cards. */
  phases: z.boolean(),
  /** Released scores and the signals ticked for them. */
  scores: z.boolean(),
  /** Everything else: notes, red flags, score changes, every evaluation in full. */
  interviewerOnly: z.boolean(),
});
export type ReviewScope = z.infer<typeof reviewScopeSchema>;

export const MARKER_KINDS = ['card', 'note', 'signal', 'red_flag', 'score'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

export const markerSchema = z.object({
  id: z.string(),
  kind: z.enum(MARKER_KINDS),
  /** Where it sits on the axis (ms from the first timer start). */
  atMs: z.number().nonnegative(),
  /** The room's timer when it happened (pauses excluded); null for things stamped only on the wall clock. */
  sessionMs: z.number().nullable(),
  phaseTitle: z.string().nullable(),
  /** A short label ("Card played", "Note", "Signal"). */
  title: z.string(),
  /** What hovering shows. */
  text: z.string(),
  by: z.string().nullable(),
});
export type Marker = z.infer<typeof markerSchema>;

export const phaseBandSchema = z.object({
  id: z.string(),
  title: z.string(),
  plannedMs: z.number().nonnegative(),
  actualMs: z.number().nonnegative(),
  spans: z.array(z.object({ fromMs: z.number(), toMs: z.number(), paused: z.boolean() })),
});
export type PhaseBandView = z.infer<typeof phaseBandSchema>;

export const boardSegmentSchema = z.object({
  index: z.number().int().nonnegative(),
  /** Axis ms of the segment's first update (the board before it is its checkpoint). */
  fromMs: z.number(),
  count: z.number().int().positive(),
});
export type BoardSegment = z.infer<typeof boardSegmentSchema>;

export const boardTrackSchema = z.object({
  updates: z.number().int().nonnegative(),
  segments: z.array(boardSegmentSchema),
  /** Who drew when: per person, board updates per bucket of `bucketMs` along the axis. */
  activity: z.object({
    bucketMs: z.number().int().positive(),
    people: z.array(z.object({ userId: z.string(), name: z.string(), buckets: z.array(z.number().int().nonnegative()) })),
  }),
  /** Axis stretches longer than the idle threshold with no board update, no marker and no phase change: "skip idle" jumps them. */
  idle: z.array(z.object({ fromMs: z.number(), toMs: z.number() })),
});
export type BoardTrack = z.infer<typeof boardTrackSchema>;

export const reviewRecordingSchema = z.object({
  id: z.string(),
  person: z.object({ userId: z.string(), name: z.string() }),
  /** Axis ms at which the file's first frame was captured. */
  offsetMs: z.number(),
  durationMs: z.number().int().nonnegative().nullable(),
  status: z.enum(['recording', 'stopped', 'finished', 'failed']),
  /** Same-origin; works only with the reader's session (and share link). */
  mediaUrl: z.string(),
});
export type ReviewRecording = z.infer<typeof reviewRecordingSchema>;

export const MISSING_PARTS = ['board', 'recording', 'marks', 'phases'] as const;

export const interviewerPanelSchema = z.object({
  kind: z.literal('interviewer'),
  evaluations: z.array(
    z.object({
      evaluatorName: z.string(),
      scores: z.array(z.object({ dimensionId: z.string(), title: z.string(), score: z.number().int().nullable() })),
      recommendation: z.enum(RECOMMENDATIONS).nullable(),
      levelEstimate: z.enum(LEVEL_ESTIMATES).nullable(),
      candidateFeedback: z.string(),
      releasedAt: isoTime.nullable(),
    }),
  ),
  notes: z.array(z.object({ id: z.string(), text: z.string(), authorName: z.string(), atMs: z.number(), sessionMs: z.number(), phaseTitle: z.string() })),
});

export const releasedPanelSchema = z.object({
  kind: z.literal('released'),
  releases: z.array(releasedFeedbackSchema),
  cards: z.array(revealedCardSchema),
});

export const reviewSchema = z.object({
  interview: z.object({ id: z.string(), title: z.string(), level: z.string(), durationMinutes: z.number().int(), endedAt: isoTime.nullable() }),
  viewer: z.object({
    scope: reviewScopeSchema,
    /** A member's own view, or a share link's. */
    via: z.enum(['member', 'share']),
    /** Who made the share link this view comes through. */
    sharedBy: z.string().nullable(),
  }),
  axis: z.object({ startedAt: isoTime, durationMs: z.number().nonnegative(), timed: z.boolean() }),
  phases: z.array(phaseBandSchema),
  markers: z.array(markerSchema),
  /** Null when the scope has no replay. */
  board: boardTrackSchema.nullable(),
  recordings: z.array(reviewRecordingSchema),
  /** What this review lacks, and why, in words for the reader. */
  missing: z.array(z.object({ part: z.enum(MISSING_PARTS), reason: z.string() })),
  panel: z.discriminatedUnion('kind', [interviewerPanelSchema, releasedPanelSchema]),
});
export type Review = z.infer<typeof reviewSchema>;

export const readReview = defineRoute({ method: 'GET', path: '/api/interviews/:id/review', response: reviewSchema });

/**
 * One segment of the board's replay, binary (lib/review/segment-codec.ts):
 * the board as it stood before the segment, then its updates with their axis
 * times. Immutable once the interview has ended, so the browser may cache it.
 */
export const readBoardSegment = defineRoute({ method: 'GET', path: '/api/interviews/:id/review/board/:segment', response: null, status: 200 });

/** A recording's bytes with Range, for whoever may see the replay (members, or a share link with replay). */
export const watchReviewRecording = defineRoute({ method: 'GET', path: '/api/interviews/:id/review/media/:recordingId', response: null, status: 200 });

// ---------------------------------------------------------------- share links

export const SHARE_EXPIRY_DAYS = { default: 7, min: 1, max: 30 } as const;

export const createShareSchema = z.strictObject({
  expiresInDays: z
    .number({ message: 'expiresInDays must be a number of days' })
    .int({ message: 'expiresInDays must be a whole number of days' })
    .min(SHARE_EXPIRY_DAYS.min, { message: `a link lasts at least ${SHARE_EXPIRY_DAYS.min} day` })
    .max(SHARE_EXPIRY_DAYS.max, { message: `a link lasts at most ${SHARE_EXPIRY_DAYS.max} days` })
    .default(SHARE_EXPIRY_DAYS.default),
});

export const shareViewSchema = z.object({
  id: z.string(),
  /** The link itself: only ever shown to the person who made it. */
  url: z.string(),
  scope: reviewScopeSchema,
  createdAt: isoTime,
  expiresAt: isoTime,
  revokedAt: isoTime.nullable(),
  /** Who opened the link: one entry per person, with their latest open and how many times. */
  opens: z.array(z.object({ name: z.string(), openedAt: isoTime, count: z.number().int().positive() })),
});
export type ShareView = z.infer<typeof shareViewSchema>;

export const createShare = defineRoute({ method: 'POST', path: '/api/interviews/:id/review/shares', request: createShareSchema, response: shareViewSchema, status: 201 });
export const listShares = defineRoute({ method: 'GET', path: '/api/interviews/:id/review/shares', response: z.object({ shares: z.array(shareViewSchema) }) });
export const revokeShare = defineRoute({ method: 'DELETE', path: '/api/interviews/:id/review/shares/:shareId', response: shareViewSchema });
