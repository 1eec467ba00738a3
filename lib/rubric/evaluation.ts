/**
 * Evaluation, notes, constraint cards and feedback release: request schemas
 * and response shapes shared by the API and the interviewer panel. Every
 * request body is parsed with one of these on the server.
 */
import { z } from 'zod';
import { safeText } from '../validation/text';

export const RECOMMENDATIONS = ['strong_no_hire', 'no_hire', 'hire', 'strong_hire'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  strong_no_hire: 'Strong no hire',
  no_hire: 'No hire',
  hire: 'Hire',
  strong_hire: 'Strong hire',
};

export const LEVEL_ESTIMATES = ['below_senior', 'senior', 'staff', 'principal'] as const;
export type LevelEstimate = (typeof LEVEL_ESTIMATES)[number];
export const LEVEL_ESTIMATE_LABELS: Record<LevelEstimate, string> = {
  below_senior: 'Below Senior',
  senior: 'Senior',
  staff: 'Staff',
  principal: 'Principal',
};

export const SCORES = [1, 2, 3, 4] as const;
export type Score = (typeof SCORES)[number];

export const MAX_NOTE_CHARS = 2000;
export const MAX_SUMMARY_CHARS = 4000;
export const MAX_FEEDBACK_CHARS = 10_000;

const dimensionId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'expected a rubric dimension id' });

export const dimensionPatchSchema = z.strictObject({
  score: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.null()], { message: 'expected a score from 1 to 4, or null to clear it' }).optional(),
  summary: safeText({ message: 'expected text' }).max(MAX_SUMMARY_CHARS, { message: `keep it under ${MAX_SUMMARY_CHARS} characters` }).optional(),
});

/** A partial update; only the fields present change. */
export const evaluationPatchSchema = z.strictObject({
  scores: z.record(dimensionId, dimensionPatchSchema, { message: 'expected scores keyed by dimension id' }).optional(),
  recommendation: z.enum(RECOMMENDATIONS, { message: `expected one of ${RECOMMENDATIONS.join(', ')}` }).nullable().optional(),
  levelEstimate: z.enum(LEVEL_ESTIMATES, { message: `expected one of ${LEVEL_ESTIMATES.join(', ')}` }).nullable().optional(),
  candidateFeedback: safeText({ message: 'expected text' }).max(MAX_FEEDBACK_CHARS, { message: `keep it under ${MAX_FEEDBACK_CHARS} characters` }).optional(),
});
export type EvaluationPatch = z.infer<typeof evaluationPatchSchema>;

export const MARK_KINDS = ['signal', 'red_flag'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** Ticks or unticks a signal (of a dimension) or a red flag. */
export const markSchema = z
  .strictObject({
    kind: z.enum(MARK_KINDS, { message: 'expected signal or red_flag' }),
    dimensionId: dimensionId.optional(),
    index: z.number({ message: 'expected the item number' }).int({ message: 'expected a whole number' }).min(0, { message: 'must be 0 or more' }),
    checked: z.boolean({ message: 'expected true or false' }),
  })
  .refine((m) => m.kind === 'red_flag' || m.dimensionId !== undefined, { path: ['dimensionId'], message: 'a signal needs its dimension id' });
export type MarkInput = z.infer<typeof markSchema>;

export const noteCreateSchema = z.strictObject({
  text: safeText({ message: 'expected text' })
    .trim()
    .min(1, { message: 'write something first' })
    .max(MAX_NOTE_CHARS, { message: `keep a note under ${MAX_NOTE_CHARS} characters` }),
});

/** What the interviewer chooses to show the candidate; the written feedback always goes. */
export const releaseSchema = z.strictObject({
  include: z.strictObject({
    scores: z.boolean({ message: 'expected true or false' }),
    summaries: z.boolean({ message: 'expected true or false' }),
    recommendation: z.boolean({ message: 'expected true or false' }),
    levelEstimate: z.boolean({ message: 'expected true or false' }),
    /**
     * The session's recordings and the board's replay. Optional for callers
     * written before recording existed: leaving it out releases no media.
     */
    recording: z.boolean({ message: 'expected true or false' }).optional(),
    /**
     * The titles of the red flags the interviewer ticked. Off unless chosen:
     * red flags were never released before this option existed, and leaving
     * it out still releases none.
     */
    redFlags: z.boolean({ message: 'expected true or false' }).optional(),
  }),
});
export type ReleaseInput = z.infer<typeof releaseSchema>;

// ---------------------------------------------------------------- responses
// Schemas, not bare interfaces: the browser parses every answer with them
// (lib/api), and the server's route wrapper checks what it sends against them.
// Times travel as ISO strings.

const isoTime = z.iso.datetime();
const scoreSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** A point on the session clock: when and in which phase something happened. */
const sessionStamp = { sessionMs: z.number(), phaseId: z.string(), phaseTitle: z.string() };
export type SessionStamp = { sessionMs: number; phaseId: string; phaseTitle: string };

export const rubricViewSchema = z.object({
  dimensions: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      anchors: z.object({ 1: z.string(), 2: z.string(), 3: z.string(), 4: z.string() }),
      signals: z.array(z.string()),
    }),
  ),
  redFlags: z.array(z.string()),
  levelExpectations: z.object({ senior: z.array(z.string()), staff: z.array(z.string()), principal: z.array(z.string()) }),
});
export type RubricView = z.infer<typeof rubricViewSchema>;

export const markViewSchema = z.object({
  kind: z.enum(MARK_KINDS),
  /** "" for red flags. */
  dimensionId: z.string(),
  index: z.number().int(),
  ...sessionStamp,
  markedAt: isoTime,
});
export type MarkView = z.infer<typeof markViewSchema>;

export const evaluationViewSchema = z.object({
  rubricVersion: z.string(),
  scores: z.record(z.string(), z.object({ score: scoreSchema.nullable(), summary: z.string() })),
  marks: z.array(markViewSchema),
  recommendation: z.enum(RECOMMENDATIONS).nullable(),
  levelEstimate: z.enum(LEVEL_ESTIMATES).nullable(),
  candidateFeedback: z.string(),
  releasedAt: isoTime.nullable(),
  updatedAt: isoTime.nullable(),
});
export type EvaluationView = z.infer<typeof evaluationViewSchema>;

export const noteViewSchema = z.object({
  id: z.string(),
  interviewId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  ...sessionStamp,
  createdAt: isoTime,
});
export type NoteView = z.infer<typeof noteViewSchema>;

/**
 * A card as played to the room: what everyone, the candidate included, may
 * read. The interviewer's follow-up is not part of it; that stays in the guide.
 */
export const revealedCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The candidate-facing text, word for word. */
  prompt: z.string(),
  ...sessionStamp,
  revealedAt: isoTime,
});
export type RevealedCard = z.infer<typeof revealedCardSchema>;

/** Exactly what a candidate is shown after release; nothing else of an evaluation ever reaches them. */
export const releasedFeedbackSchema = z.object({
  evaluatorName: z.string(),
  releasedAt: isoTime,
  feedback: z.string(),
  recommendation: z.enum(RECOMMENDATIONS).nullable().optional(),
  levelEstimate: z.enum(LEVEL_ESTIMATES).nullable().optional(),
  dimensions: z
    .array(z.object({ id: z.string(), title: z.string(), score: scoreSchema.nullable().optional(), summary: z.string().optional() }))
    .optional(),
  /** Present when the release includes the recordings and the board's replay. */
  recordingAndReplay: z.literal(true).optional(),
  /** Present when the interviewer chose to release the red flags they ticked: their titles, in the rubric's order (may be empty). */
  redFlags: z.array(z.string()).optional(),
});
export type ReleasedFeedback = z.infer<typeof releasedFeedbackSchema>;
