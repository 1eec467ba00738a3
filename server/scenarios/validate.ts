/**
 * Turns YAML text into checked scenario data, reporting every problem as
 * `file:line: field: problem` so an author can jump straight to it.
 */
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodType } from 'zod';
import { DURATIONS, type Phase, type ScenarioFile, type SharedContent } from './schema';

export interface ScenarioProblem {
  file: string;
  line: number;
  field: string;
  message: string;
}

export function formatProblem(p: ScenarioProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}`;
}

type Path = (string | number)[];

/** A parsed YAML file that can say which line a field is on. */
export class SourceFile {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /**
   * The line of the deepest existing node on `path` (a missing key points at
   * its parent). Keys match loosely: zod reports `45`, YAML holds the number 45.
   */
  lineOf(path: Path): number {
    let node: unknown = this.doc.contents;
    let line = isNode(node) && node.range ? this.lines.linePos(node.range[0]).line : 1;
    for (const segment of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
        next = pair?.value ?? (pair && isNode(pair.key) ? pair.key : undefined);
      } else if (isSeq(node)) {
        next = node.items[Number(segment)];
      }
      if (!isNode(next) || !next.range) break;
      node = next;
      line = this.lines.linePos(next.range[0]).line;
    }
    return line;
  }

  problem(path: Path, message: string): ScenarioProblem {
    return { file: this.file, line: this.lineOf(path), field: path.length ? path.join('.') : '(file)', message };
  }

  syntaxProblems(): ScenarioProblem[] {
    return [...this.doc.errors, ...this.doc.warnings].map((e) => ({
      file: this.file,
      line: this.lines.linePos(e.pos[0]).line,
      field: '(yaml)',
      message: e.message.split('\n')[0] ?? e.code,
    }));
  }

  /** Parses with `schema`; returns the data, or the problems with their lines. */
  parse<T>(schema: ZodType<T>): { data?: T; problems: ScenarioProblem[] } {
    const syntax = this.syntaxProblems();
    if (syntax.length) return { problems: syntax };
    const result = schema.safeParse(this.doc.toJS());
    if (result.success) return { data: result.data, problems: [] };
    return {
      problems: result.error.issues.map((issue) => {
        const path = issue.path as Path;
        // zod describes a missing key by the type it wanted; say plainly that it is missing.
        const missing = path.length > 0 && !this.doc.hasIn(path) && !this.doc.hasIn(path.map(String));
        return this.problem(path, missing ? `missing (${issue.message})` : issue.message);
      }),
    };
  }
}

const sum = (phases: Phase[]) => phases.reduce((total, p) => total + p.minutes, 0);

function duplicates(values: string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}

export function checkShared(source: SourceFile, shared: SharedContent): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const dup of duplicates(shared.domains)) {
    problems.push(source.problem(['domains'], `domain "${dup}" is listed twice`));
  }
  for (const dup of duplicates(shared.rubricDimensions.map((d) => d.id))) {
    problems.push(source.problem(['rubricDimensions'], `dimension id "${dup}" is used twice`));
  }
  for (const [name, agenda] of Object.entries(shared.agendas)) {
    for (const duration of DURATIONS) {
      const phases = agenda[duration];
      if (sum(phases) !== duration) {
        problems.push(source.problem(['agendas', name, duration], `phases add up to ${sum(phases)} minutes, not ${duration}`));
      }
      for (const dup of duplicates(phases.map((p) => p.id))) {
        problems.push(source.problem(['agendas', name, duration], `phase id "${dup}" is used twice`));
      }
    }
  }
  return problems;
}

/** Resolves each variant to its phase list (from a named agenda or spelled out). */
export function resolvePhases(
  source: SourceFile,
  scenario: ScenarioFile,
  shared: SharedContent,
): { phases: Record<45 | 60, Phase[]>; problems: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const phases = { 45: [] as Phase[], 60: [] as Phase[] };
  for (const duration of DURATIONS) {
    const variant = scenario.guide.variants[duration];
    const at: Path = ['guide', 'variants', duration];
    if (Boolean(variant.agenda) === Boolean(variant.phases)) {
      problems.push(source.problem(at, 'give either "agenda" (a name from _shared.yaml) or "phases", not both or neither'));
      continue;
    }
    if (variant.agenda) {
      const agenda = shared.agendas[variant.agenda];
      if (!agenda) {
        problems.push(source.problem([...at, 'agenda'], `unknown agenda "${variant.agenda}"; known: ${Object.keys(shared.agendas).join(', ')}`));
        continue;
      }
      phases[duration] = agenda[duration];
    } else {
      phases[duration] = variant.phases!;
      if (sum(variant.phases!) !== duration) {
        problems.push(source.problem([...at, 'phases'], `phases add up to ${sum(variant.phases!)} minutes, not ${duration}`));
      }
      for (const dup of duplicates(variant.phases!.map((p) => p.id))) {
        problems.push(source.problem([...at, 'phases'], `phase id "${dup}" is used twice`));
      }
    }
  }
  return { phases, problems };
}

/** Checks that ids used across the file point at things that exist. */
export function checkReferences(
  source: SourceFile,
  scenario: ScenarioFile,
  shared: SharedContent,
  phases: Record<45 | 60, Phase[]>,
  expectedSlug: string,
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  if (scenario.slug !== expectedSlug) {
    problems.push(source.problem(['slug'], `must match the file name ("${expectedSlug}")`));
  }
  scenario.domains.forEach((domain, i) => {
    if (!shared.domains.includes(domain)) {
      problems.push(source.problem(['domains', i], `unknown domain "${domain}"; use one of: ${shared.domains.join(', ')}`));
    }
  });
  const allPhaseIds = new Set([...phases[45], ...phases[60]].map((p) => p.id));
  const inBoth = new Set(phases[45].filter((p) => phases[60].some((q) => q.id === p.id)).map((p) => p.id));
  for (const phaseId of Object.keys(scenario.guide.probes)) {
    if (!allPhaseIds.has(phaseId)) {
      problems.push(source.problem(['guide', 'probes', phaseId], `no phase "${phaseId}" in this scenario's agenda (${[...allPhaseIds].join(', ')})`));
    }
  }
  const withProbes = [...allPhaseIds].filter((p) => scenario.guide.probes[p]?.length).length;
  if (withProbes < Math.min(4, allPhaseIds.size)) {
    problems.push(source.problem(['guide', 'probes'], `give probes for at least 4 phases (found ${withProbes})`));
  }
  scenario.guide.constraintCards.forEach((card, i) => {
    if (!inBoth.has(card.phase)) {
      problems.push(source.problem(['guide', 'constraintCards', i, 'phase'], `"${card.phase}" is not a phase of both the 45- and 60-minute agendas`));
    }
  });
  for (const dup of duplicates(scenario.guide.constraintCards.map((c) => c.id))) {
    problems.push(source.problem(['guide', 'constraintCards'], `card id "${dup}" is used twice`));
  }

  const known = new Map(shared.rubricDimensions.map((d) => [d.id, d]));
  scenario.rubric.dimensions.forEach((dim, i) => {
    if (!known.has(dim)) problems.push(source.problem(['rubric', 'dimensions', i], `unknown rubric dimension "${dim}"`));
  });
  for (const dim of shared.rubricDimensions) {
    if (!dim.optional && !scenario.rubric.dimensions.includes(dim.id)) {
      problems.push(source.problem(['rubric', 'dimensions'], `must include the required dimension "${dim.id}"`));
    }
  }
  for (const dim of Object.keys(scenario.rubric.signals)) {
    if (!scenario.rubric.dimensions.includes(dim)) {
      problems.push(source.problem(['rubric', 'signals', dim], `"${dim}" is not one of this scenario's rubric dimensions`));
    }
  }
  for (const dim of scenario.rubric.dimensions) {
    if (!scenario.rubric.signals[dim]?.length) problems.push(source.problem(['rubric', 'signals'], `give observable signals for "${dim}"`));
  }
  return problems;
}
