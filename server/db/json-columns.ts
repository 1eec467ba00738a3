/**
 * The JSON columns, each with a versioned schema, parsed wherever they are
 * read: `Interview.scenarioSnapshot`, `TimerEvent.payload` and
 * `FeedbackRelease.content`. The review page and progress charts read these
 * same schemas, so their shapes live here and nowhere else.
 *
 * Versioning: rows written before versions existed have no `v`; they are
 * version 1, so `v` defaults to 1. New rows are written with their `v`. A
 * future v2 adds a schema beside v1 and a union keyed on `v`; the old rows
 * keep parsing as they are.
 */
import { z } from 'zod';
import { releasedFeedbackSchema } from '../../lib/rubric/evaluation';
import { timerCommandSchema } from '../../lib/timer/timer';
import { phaseSchema, rubricDimensionSchema, scenarioSchema } from '../scenarios/schema';

const v1 = { v: z.literal(1).default(1) };

// ---------------------------------------------------------------- Interview.scenarioSnapshot

const { guide, rubric } = scenarioSchema.shape;

/**
 * A card as stored in a snapshot. Plain strings, not the authoring schema:
 * a stored interview must keep loading even if the authoring rules tighten.
 */
const storedCardSchema = z.object({ id: z.string(), title: z.string(), prompt: z.string(), followUp: z.string(), phase: z.string() });
export type StoredCard = z.output<typeof storedCardSchema>;

/**
 * v1 cards had one `text`, already shown to candidates on reveal. It stays
 * what they are shown (their rooms and reviews keep reading the same words);
 * there was no separate follow-up, so that is empty.
 */
const legacyCardSchema = z
  .object({ id: z.string(), title: z.string(), text: z.string(), phase: z.string() })
  .transform(({ text, ...card }): StoredCard => ({ ...card, prompt: text, followUp: '' }));

/** The scenario as resolved at creation: agendas spelled out per duration, rubric dimensions inlined. */
const snapshotShape = <C extends z.ZodType<StoredCard, unknown>>(cards: C) =>
  z.object({
    ...scenarioSchema.omit({ guide: true, rubric: true }).shape,
    /** Content hash of the resolved scenario (the library's version). */
    version: z.string().min(1),
    guide: guide.omit({ variants: true, constraintCards: true }).extend({
      phases: z.object({ 45: z.array(phaseSchema).min(1), 60: z.array(phaseSchema).min(1) }),
      constraintCards: z.array(cards),
    }),
    rubric: rubric.extend({ dimensions: z.array(rubricDimensionSchema).min(1) }),
  });

/** v2: cards carry a candidate-facing `prompt` and an interviewer-only `followUp`. */
const snapshotV2Schema = snapshotShape(storedCardSchema).extend({ v: z.literal(2) });
/** v1 (or no `v`): cards with one `text`, read as v2-shaped cards. */
const snapshotV1Schema = snapshotShape(legacyCardSchema).extend(v1);

export const SNAPSHOT_VERSION = 2 as const;
export const scenarioSnapshotSchema = z.union([snapshotV2Schema, snapshotV1Schema]);
export type ScenarioSnapshot = z.output<typeof scenarioSnapshotSchema>;

// ---------------------------------------------------------------- TimerEvent.payload

/** A timer command as it was applied (rows before versions are the bare command). */
export const timerEventPayloadSchema = z.object(v1).and(timerCommandSchema);
export type TimerEventPayload = z.output<typeof timerEventPayloadSchema>;

// ---------------------------------------------------------------- FeedbackRelease.content

/** The released document as stored: exactly what the candidate is served (the API's schema), plus its version. */
export const feedbackContentSchema = releasedFeedbackSchema.extend(v1);
export type FeedbackContent = z.output<typeof feedbackContentSchema>;

// ---------------------------------------------------------------- reading

/** A stored JSON value that does not match its schema: a corrupt row, or a write that skipped the schema. */
export class StoredDataError extends Error {
  constructor(
    readonly column: string,
    readonly interviewId: string,
    detail: string,
  ) {
    super(`${column} of interview ${interviewId} is malformed: ${detail}`);
    this.name = 'StoredDataError';
  }
}

/** Parses one stored value; throws StoredDataError naming the column, the interview and the first problem. */
export function readColumn<S extends z.ZodType>(schema: S, column: string, interviewId: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoredDataError(column, interviewId, issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'does not match its schema');
}

export const readScenarioSnapshot = (interviewId: string, value: unknown): ScenarioSnapshot =>
  readColumn(snapshotSchemaFor(value), 'Interview.scenarioSnapshot', interviewId, value);

/**
 * Picks the schema by the stored `v`, so a malformed row is reported against
 * its own version's fields rather than as a union mismatch.
 */
function snapshotSchemaFor(value: unknown): z.ZodType<ScenarioSnapshot> {
  const v = (value as { v?: unknown } | null)?.v;
  if (v === undefined || v === 1) return snapshotV1Schema;
  if (v === 2) return snapshotV2Schema;
  return scenarioSnapshotSchema;
}
export const readTimerEventPayload = (interviewId: string, value: unknown): TimerEventPayload =>
  readColumn(timerEventPayloadSchema, 'TimerEvent.payload', interviewId, value);
export const readFeedbackContent = (interviewId: string, value: unknown): FeedbackContent =>
  readColumn(feedbackContentSchema, 'FeedbackRelease.content', interviewId, value);
