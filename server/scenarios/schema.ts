/**
 * The scenario format. One YAML file per scenario in scenarios/, plus
 * scenarios/_shared.yaml with the rubric dimensions and the named agendas.
 * Types are derived from these schemas; cross-references (phase ids, rubric
 * dimension ids) are checked in validate.ts, where both files are known.
 */
import { z } from 'zod';
import { LEVELS } from '../../lib/scenarios/levels';

export { LEVELS };
export const levelSchema = z.enum(LEVELS);
export type Level = z.infer<typeof levelSchema>;

export const DURATIONS = [45, 60] as const;
export type Duration = (typeof DURATIONS)[number];

const id = z
  .string({ message: 'expected a text id' })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'use lower-case words joined by hyphens' });
const text = (min = 1) => z.string({ message: 'expected text' }).trim().min(min, { message: `needs at least ${min} characters` });
const list = <T extends z.ZodType>(item: T, min: number) =>
  z.array(item, { message: 'expected a list' }).min(min, { message: `needs at least ${min} entries` });

// ---------------------------------------------------------------- shared file

export const phaseSchema = z.strictObject({
  id,
  title: text(),
  minutes: z.number({ message: 'expected a number of minutes' }).int({ message: 'expected whole minutes' }).positive({ message: 'must be more than 0' }),
  /** What the interviewer wants out of this phase, shown on the agenda. */
  goal: text(10),
});
export type Phase = z.infer<typeof phaseSchema>;

const anchorsSchema = z.strictObject({
  1: text(10),
  2: text(10),
  3: text(10),
  4: text(10),
});

export const rubricDimensionSchema = z.strictObject({
  id,
  title: text(),
  description: text(20),
  /** Behavioural anchors for scores 1 (weak) to 4 (strong). */
  anchors: anchorsSchema,
  /** Dimensions a scenario may leave out (e.g. responsible AI where it does not apply). */
  optional: z.boolean().default(false),
});
export type RubricDimension = z.infer<typeof rubricDimensionSchema>;

export const agendaSchema = z.strictObject({
  title: text(),
  45: list(phaseSchema, 3),
  60: list(phaseSchema, 3),
});
export type Agenda = z.infer<typeof agendaSchema>;

export const sharedSchema = z.strictObject({
  /** The controlled list of problem areas a scenario can be tagged with. */
  domains: list(id, 5),
  rubricDimensions: list(rubricDimensionSchema, 7),
  agendas: z.record(id, agendaSchema, { message: 'expected agendas keyed by id' }),
});
export type SharedContent = z.infer<typeof sharedSchema>;

// ---------------------------------------------------------------- scenario

export const clarifyingFactSchema = z.strictObject({
  /** What the candidate would ask about, e.g. "Scale" or "Label delay". */
  topic: text(),
  /** The answer, with concrete numbers. Revealed only when asked. */
  answer: text(10),
});

/** Bounds on card text: long enough to carry a fact, short enough to read aloud in the room. */
export const CARD_TEXT_MIN = 20;
export const CARD_TEXT_MAX = 600;

/**
 * Interviewer-voice markers. The prompt is shown word for word to the
 * candidate, so it must not tell anyone what to ask: a sentence that opens
 * with an instruction ("Ask …", "Tell …", "Say …", "Point out …") or any
 * mention of "the candidate" belongs in `followUp`. Kept deliberately simple;
 * tests/unit/scenario-validation.test.ts pins both rules.
 */
const INSTRUCTION_OPENER = /(^|[.!?:;]\s+)(ask|tell|say|point out|probe|check whether)\b/i;
const NAMES_THE_CANDIDATE = /\bthe candidate('s)?\b/i;

/** Why a card prompt reads as an instruction to the interviewer, or null when it reads as written to the candidate. */
export function interviewerVoice(prompt: string): string | null {
  const opener = INSTRUCTION_OPENER.exec(prompt);
  if (opener) return `reads like an instruction to the interviewer ("${opener[2]} …"); write it to the candidate and move what to ask into followUp`;
  if (NAMES_THE_CANDIDATE.test(prompt)) return 'mentions "the candidate", so it is written to the interviewer; address the candidate ("you") and move what to ask into followUp';
  return null;
}

const cardText = (field: string) =>
  text(CARD_TEXT_MIN).max(CARD_TEXT_MAX, { message: `keep the ${field} under ${CARD_TEXT_MAX} characters` });

export const constraintCardSchema = z.strictObject({
  id,
  title: text(),
  /** What the candidate is told, word for word, when the card is revealed. */
  prompt: cardText('prompt').superRefine((value, ctx) => {
    const problem = interviewerVoice(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  /** Interviewer-only: what to ask next and what to listen for. Never leaves the guide. */
  followUp: cardText('follow-up'),
  /** Phase id in which the interviewer should play this card. */
  phase: id,
  /** The old single field mixed both audiences; refused by name so authors know what replaced it. */
  text: z
    .never({ message: '"text" was split in two: "prompt" (what the candidate is told) and "followUp" (interviewer-only: what to ask next)' })
    .optional(),
});
export type ConstraintCard = Omit<z.infer<typeof constraintCardSchema>, 'text'>;

const variantSchema = z.strictObject({
  /** Use a named agenda from _shared.yaml for this duration... */
  agenda: id.optional(),
  /** ...or spell the phases out. Exactly one of the two. */
  phases: list(phaseSchema, 3).optional(),
});

export const scenarioSchema = z.strictObject({
  slug: id,
  title: text(),
  summary: text(20),
  domains: list(id, 1),
  levels: list(levelSchema, 1),
  /** Company names belong here as "e.g." context, never as the premise. */
  examples: z.array(text()).default([]),

  /** The only part a candidate sees before release. */
  prompt: text(40),

  guide: z.strictObject({
    context: text(40),
    clarifyingFacts: list(clarifyingFactSchema, 5),
    variants: z.strictObject({ 45: variantSchema, 60: variantSchema }),
    /** Probes and follow-ups keyed by phase id. */
    probes: z.record(id, list(text(10), 1)),
    constraintCards: list(constraintCardSchema, 2),
    strongAnswer: z.strictObject({
      outline: list(text(10), 4),
      /** Back-of-envelope numbers a strong candidate would produce. */
      estimates: list(text(10), 2),
    }),
  }),

  rubric: z.strictObject({
    /** Shared dimension ids this scenario scores; every non-optional one is required. */
    dimensions: list(id, 7),
    /** Observable signals of strength, per dimension id. */
    signals: z.record(id, list(text(10), 1)),
    redFlags: list(text(10), 3),
    levelExpectations: z.strictObject({
      senior: list(text(10), 2),
      staff: list(text(10), 2),
      principal: list(text(10), 2),
    }),
  }),
});
export type ScenarioFile = z.infer<typeof scenarioSchema>;
