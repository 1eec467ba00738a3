/**
 * Loads scenarios/ into a checked, resolved library. Any problem in any file
 * fails the whole load: the server refuses to start on a bad scenario rather
 * than silently serving fewer.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scenarioSchema, sharedSchema, type Level, type Phase, type RubricDimension, type ScenarioFile, type SharedContent } from './schema';
import { checkReferences, checkShared, formatProblem, resolvePhases, SourceFile, type ScenarioProblem } from './validate';

export const SHARED_FILE = '_shared.yaml';

export interface Scenario extends Omit<ScenarioFile, 'guide' | 'rubric'> {
  /** Content hash of everything the scenario resolves to, including the shared rubric it uses. */
  version: string;
  guide: Omit<ScenarioFile['guide'], 'variants'> & { phases: Record<45 | 60, Phase[]> };
  rubric: Omit<ScenarioFile['rubric'], 'dimensions'> & { dimensions: RubricDimension[] };
}

export interface ScenarioLibrary {
  scenarios: Scenario[];
  shared: SharedContent;
  get(slug: string): Scenario | undefined;
  domains: string[];
}

export class ScenarioLibraryError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(`${problems.length} problem(s) in the scenario library:\n${problems.map((p) => '  ' + formatProblem(p)).join('\n')}`);
    this.name = 'ScenarioLibraryError';
  }
}

/** Stable JSON (sorted keys) so the hash changes only when content does. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentVersion(content: Omit<Scenario, 'version'>): string {
  return createHash('sha256').update(canonical(content)).digest('hex').slice(0, 16);
}

function read(dir: string, name: string): SourceFile {
  return new SourceFile(path.join(path.basename(dir), name), readFileSync(path.join(dir, name), 'utf8'));
}

export function loadScenarioLibrary(dir: string): ScenarioLibrary {
  const problems: ScenarioProblem[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    throw new ScenarioLibraryError([{ file: dir, line: 1, field: '(directory)', message: 'scenario folder not found' }]);
  }
  if (!files.includes(SHARED_FILE)) {
    throw new ScenarioLibraryError([{ file: path.join(path.basename(dir), SHARED_FILE), line: 1, field: '(file)', message: 'missing: it holds the rubric dimensions and agendas' }]);
  }

  const sharedSource = read(dir, SHARED_FILE);
  const { data: shared, problems: sharedProblems } = sharedSource.parse(sharedSchema);
  problems.push(...sharedProblems);
  if (shared) problems.push(...checkShared(sharedSource, shared));

  const scenarios: Scenario[] = [];
  for (const name of files.filter((f) => !f.startsWith('_'))) {
    const source = read(dir, name);
    const { data, problems: fileProblems } = source.parse(scenarioSchema);
    problems.push(...fileProblems);
    if (!data || !shared) continue;
    const { phases, problems: phaseProblems } = resolvePhases(source, data, shared);
    problems.push(...phaseProblems);
    const refProblems = checkReferences(source, data, shared, phases, name.replace(/\.ya?ml$/, ''));
    problems.push(...refProblems);
    if (phaseProblems.length || refProblems.length) continue;

    const { variants: _variants, ...guide } = data.guide;
    const content = {
      ...data,
      guide: { ...guide, phases },
      rubric: { ...data.rubric, dimensions: data.rubric.dimensions.map((id) => shared.rubricDimensions.find((d) => d.id === id)!) },
    };
    scenarios.push({ ...content, version: contentVersion(content) });
  }

  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.title.toLowerCase());
    if (other) problems.push({ file: `${path.basename(dir)}/${s.slug}.yaml`, line: 1, field: 'title', message: `same title as ${other}` });
    seen.set(s.title.toLowerCase(), s.slug);
  }

  if (problems.length) throw new ScenarioLibraryError(problems);
  const bySlug = new Map(scenarios.map((s) => [s.slug, s]));
  return {
    scenarios,
    shared: shared!,
    get: (slug) => bySlug.get(slug),
    domains: [...new Set(scenarios.flatMap((s) => s.domains))].sort(),
  };
}

export interface ScenarioFilter {
  domain?: string;
  level?: Level;
  query?: string;
  /**
   * Scenarios the searcher is the candidate for: the query only sees what the candidate view shows
   * (title, prompt, domains). Otherwise a match on a held-back summary would hint at its words.
   */
  heldBack?: ReadonlySet<string>;
}

export function filterScenarios(library: ScenarioLibrary, filter: ScenarioFilter): Scenario[] {
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return library.scenarios.filter((s) => {
    if (filter.domain && !s.domains.includes(filter.domain)) return false;
    if (filter.level && !s.levels.includes(filter.level)) return false;
    if (words.length === 0) return true;
    const fields = filter.heldBack?.has(s.slug) ? [s.title, s.prompt, ...s.domains] : [s.title, s.summary, s.prompt, ...s.domains, ...s.examples];
    const haystack = fields.join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

// The validated library is published on globalThis by the boot sequence:
// Next's bundle has its own copy of this module and must serve the same data.
const holder = globalThis as typeof globalThis & { __mockroomScenarios?: ScenarioLibrary };

export function publishLibrary(library: ScenarioLibrary): void {
  holder.__mockroomScenarios = library;
}

export function scenarioLibrary(): ScenarioLibrary {
  if (!holder.__mockroomScenarios) throw new Error('The scenario library is not loaded: start the app through server/index.ts.');
  return holder.__mockroomScenarios;
}
