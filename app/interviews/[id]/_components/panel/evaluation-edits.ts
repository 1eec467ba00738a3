/**
 * How an edit shows on screen before the server confirms it, and how the
 * server's answer is folded back in while later edits are still queued.
 */
import type { EvaluationPatch, EvaluationView, MarkInput } from '@/lib/rubric/evaluation';

const markKey = (m: { kind: string; dimensionId: string; index: number }) => `${m.kind}:${m.dimensionId}:${m.index}`;

/**
 * Keeps the screen's edits and takes only the server's session-clock stamps
 * for ticks both sides have. (Taking the server's marks wholesale briefly
 * unticked a box clicked during a save.)
 */
export function withServerStamps(local: EvaluationView, saved: EvaluationView): EvaluationView {
  const stamped = new Map(saved.marks.map((m) => [markKey(m), m]));
  return { ...local, marks: local.marks.map((m) => stamped.get(markKey(m)) ?? m), releasedAt: saved.releasedAt };
}

export function applyMark(view: EvaluationView, input: MarkInput): EvaluationView {
  const dimensionId = input.kind === 'signal' ? (input.dimensionId ?? '') : '';
  const others = view.marks.filter((m) => !(m.kind === input.kind && m.dimensionId === dimensionId && m.index === input.index));
  // Shown ticked straight away; the server's session-clock stamp replaces this placeholder.
  const placeholder = { kind: input.kind, dimensionId, index: input.index, sessionMs: -1, phaseId: '', phaseTitle: '', markedAt: new Date().toISOString() };
  return { ...view, marks: input.checked ? [...others, placeholder] : others };
}

/** Later fields win; score maps merge per dimension and per field. */
export function mergePatch(older: EvaluationPatch, newer: EvaluationPatch): EvaluationPatch {
  const scores = { ...older.scores };
  for (const [id, change] of Object.entries(newer.scores ?? {})) scores[id] = { ...scores[id], ...change };
  return { ...older, ...newer, ...(Object.keys(scores).length ? { scores } : {}) };
}

export function applyPatch(view: EvaluationView, patch: EvaluationPatch): EvaluationView {
  const scores = { ...view.scores };
  for (const [id, change] of Object.entries(patch.scores ?? {})) scores[id] = { ...(scores[id] ?? { score: null, summary: '' }), ...change };
  const { scores: _ignored, ...rest } = patch;
  return { ...view, ...rest, scores };
}
