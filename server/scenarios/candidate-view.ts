/**
 * The candidate-safe projection of a scenario: the one function every path
 * that serves a candidate goes through. It copies fields in (an allow-list),
 * so a field added to the format later stays private until added here.
 *
 * The agenda (phase ids, titles, minutes) is deliberately shared: the room's
 * timer shows it to everyone. Phase goals, probes, facts, cards, the strong
 * answer and the rubric are not.
 */
import type { Scenario } from './library';
import type { Level } from './schema';

export interface CandidateScenario {
  slug: string;
  title: string;
  domains: string[];
  levels: Level[];
  prompt: string;
  agenda: Record<45 | 60, { id: string; title: string; minutes: number }[]>;
}

export function candidateView(scenario: Scenario): CandidateScenario {
  const agenda = (duration: 45 | 60) => scenario.guide.phases[duration].map(({ id, title, minutes }) => ({ id, title, minutes }));
  return {
    slug: scenario.slug,
    title: scenario.title,
    domains: [...scenario.domains],
    levels: [...scenario.levels],
    prompt: scenario.prompt,
    agenda: { 45: agenda(45), 60: agenda(60) },
  };
}
