/**
 * Which scenario to practise next. The signal is the scenario's own rubric:
 * for each dimension it scores, a scenario lists the observable signals its
 * interviewer listens for (scenarios/*.yaml `rubric.signals`). A scenario
 * that lists more of them for a dimension gives its interviewer more to probe
 * there, and one that does not score a dimension at all (the optional
 * responsible-AI dimension) cannot exercise it. So a scenario's fit is the
 * sum, over the user's weakest dimensions, of its signal count weighted by
 * how far below the top of the scale the user averages.
 *
 * Pure; the caller says which scenarios to leave out (done recently, or an
 * interview on it still ahead).
 */
import type { WeakDimension } from './aggregate';

export interface ScenarioCoverage {
  slug: string;
  title: string;
  summary: string;
  domains: string[];
  /** Dimension id → number of scenario-specific signals; absent when the scenario does not score it. */
  signals: Record<string, number>;
}

export interface Suggestion {
  slug: string;
  title: string;
  summary: string;
  domains: string[];
  exercises: { id: string; title: string }[];
  fit: number;
}

/** A dimension averaging 1 weighs four times one averaging 4: the gap to the top of the 1–4 scale, plus one. */
const weightOf = (weak: WeakDimension) => 5 - weak.average;

export function rankScenarios(weakest: readonly WeakDimension[], scenarios: readonly ScenarioCoverage[], excluded: ReadonlySet<string>, limit = 3): Suggestion[] {
  if (weakest.length === 0) return [];
  return scenarios
    .filter((s) => !excluded.has(s.slug))
    .map((s) => {
      const parts = weakest
        .map((w) => ({ id: w.id, title: w.title, fit: weightOf(w) * (s.signals[w.id] ?? 0) }))
        .filter((p) => p.fit > 0);
      return {
        slug: s.slug,
        title: s.title,
        summary: s.summary,
        domains: s.domains,
        fit: parts.reduce((sum, p) => sum + p.fit, 0),
        covered: parts.length,
        // The two weak dimensions it works on hardest, named on the card.
        exercises: [...parts].sort((a, b) => b.fit - a.fit).slice(0, 2).map(({ id, title }) => ({ id, title })),
      };
    })
    .filter((s) => s.fit > 0)
    .sort((a, b) => b.fit - a.fit || b.covered - a.covered || a.title.localeCompare(b.title))
    .slice(0, limit)
    .map(({ covered: _covered, ...suggestion }) => suggestion);
}

/** The coverage of one scenario as the library resolved it. */
export function coverageOf(scenario: { slug: string; title: string; summary: string; domains: string[]; rubric: { dimensions: { id: string }[]; signals: Record<string, string[]> } }): ScenarioCoverage {
  return {
    slug: scenario.slug,
    title: scenario.title,
    summary: scenario.summary,
    domains: scenario.domains,
    signals: Object.fromEntries(scenario.rubric.dimensions.map((d) => [d.id, scenario.rubric.signals[d.id]?.length ?? 0])),
  };
}
