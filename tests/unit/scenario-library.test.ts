/**
 * Properties every scenario in scenarios/ must have, checked over all of them:
 * coverage of the seed systems, agendas that fit the clock, four anchors per
 * rubric dimension, stable content versions, and a candidate projection that
 * carries none of the interviewer-only text.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidateView } from '../../server/scenarios/candidate-view';
import { filterScenarios, loadScenarioLibrary, type Scenario } from '../../server/scenarios/library';
import { DURATIONS } from '../../server/scenarios/schema';
import { interviewerOnlyStrings } from '../helpers/scenario-dirs';

const DIR = path.resolve(import.meta.dirname, '../../scenarios');
const library = loadScenarioLibrary(DIR);

/** Every system the seed guides name, and the scenario that covers it. */
const REQUIRED_SYSTEMS: Record<string, string> = {
  'product recommendations': 'product-recommendations',
  'payment fraud': 'payment-fraud-detection',
  'card fraud': 'credit-card-fraud',
  'product search ranking': 'product-search-ranking',
  'content moderation (text and image)': 'content-moderation',
  'personalized feed ranking': 'personalized-feed-ranking',
  'video recommendations': 'video-recommendations',
  'ride ETA prediction': 'ride-eta-prediction',
  'professional-network feed': 'professional-network-feed',
  'ad click-through prediction': 'ad-click-prediction',
  'photo moderation': 'photo-moderation',
  'thumbnail personalization with bandits': 'thumbnail-personalization',
  'playlist generation': 'playlist-generation',
  'lodging search ranking': 'lodging-search-ranking',
  'product categorization': 'product-categorization',
  'customer-support chatbot with retrieval': 'support-chatbot-retrieval',
  'hiring screening (fairness)': 'hiring-screening',
  'credit scoring (explainability)': 'credit-scoring',
  'personalized health recommendations (privacy)': 'health-recommendations',
};

describe('scenario library coverage', () => {
  it('holds at least 20 valid scenarios', () => {
    expect(library.scenarios.length).toBeGreaterThanOrEqual(20);
  });

  it.each(Object.entries(REQUIRED_SYSTEMS))('covers %s', (_system, slug) => {
    expect(library.get(slug)?.slug).toBe(slug);
  });

  it.each(['hiring-screening', 'credit-scoring', 'health-recommendations'])('%s scores responsible AI', (slug) => {
    expect(library.get(slug)!.rubric.dimensions.map((d) => d.id)).toContain('responsible-ai');
  });
});

describe.each(library.scenarios.map((s) => [s.slug, s] as const))('%s', (_slug, scenario: Scenario) => {
  it.each(DURATIONS)('its %i-minute phases add up to %i minutes', (duration) => {
    const total = scenario.guide.phases[duration].reduce((sum, p) => sum + p.minutes, 0);
    expect(total).toBe(duration);
  });

  it('has four anchors, 1 to 4, on every rubric dimension it scores', () => {
    for (const dimension of scenario.rubric.dimensions) {
      expect(Object.keys(dimension.anchors).sort()).toEqual(['1', '2', '3', '4']);
      for (const anchor of Object.values(dimension.anchors)) expect(anchor.length).toBeGreaterThan(10);
    }
  });

  it('gives concrete numbers in its clarifying facts and estimates', () => {
    const withNumbers = scenario.guide.clarifyingFacts.filter((f) => /\d/.test(f.answer));
    expect(withNumbers.length).toBeGreaterThanOrEqual(5);
    for (const estimate of scenario.guide.strongAnswer.estimates) expect(estimate).toMatch(/\d/);
  });
});

describe('candidate projection', () => {
  it.each(library.scenarios.map((s) => [s.slug, s] as const))('%s: carries no guide, rubric or card text', (_slug, scenario) => {
    const view = JSON.stringify(candidateView(scenario)).toLowerCase();
    const leaked = interviewerOnlyStrings(scenario).filter((text) => view.includes(JSON.stringify(text).slice(1, -1).toLowerCase()));
    expect(leaked).toEqual([]);
  });

  it('carries exactly the allowed fields', () => {
    for (const scenario of library.scenarios) {
      const view = candidateView(scenario);
      expect(Object.keys(view).sort()).toEqual(['agenda', 'domains', 'levels', 'prompt', 'slug', 'title']);
      for (const phase of [...view.agenda[45], ...view.agenda[60]]) expect(Object.keys(phase).sort()).toEqual(['id', 'minutes', 'title']);
    }
  });

  it('keeps the prompt itself free of any scenario’s card titles', () => {
    const allTitles = library.scenarios.flatMap((s) => s.guide.constraintCards.map((c) => c.title.toLowerCase()));
    for (const scenario of library.scenarios) {
      const prompt = scenario.prompt.toLowerCase();
      expect(allTitles.filter((t) => prompt.includes(t))).toEqual([]);
    }
  });
});

describe('content versions', () => {
  it('are stable across loads and unique per scenario', () => {
    const again = loadScenarioLibrary(DIR);
    expect(again.scenarios.map((s) => s.version)).toEqual(library.scenarios.map((s) => s.version));
    expect(new Set(library.scenarios.map((s) => s.version)).size).toBe(library.scenarios.length);
  });

  it('change when a scenario or the shared rubric changes, and only for what uses it', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'mockroom-versions-')), 'scenarios');
    cpSync(DIR, dir, { recursive: true });
    const file = path.join(dir, 'payment-fraud-detection.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('About 50 million payments a day', 'About 60 million payments a day'));
    const edited = loadScenarioLibrary(dir);
    const changed = edited.scenarios.filter((s) => s.version !== library.get(s.slug)!.version).map((s) => s.slug);
    expect(changed).toEqual(['payment-fraud-detection']);

    const shared = path.join(dir, '_shared.yaml');
    writeFileSync(shared, readFileSync(shared, 'utf8').replace('Does not notice that the system makes consequential decisions', 'Misses that the system makes consequential decisions'));
    const rubricEdited = loadScenarioLibrary(dir);
    for (const s of rubricEdited.scenarios) {
      const usesResponsibleAi = s.rubric.dimensions.some((d) => d.id === 'responsible-ai');
      expect(s.version !== edited.get(s.slug)!.version).toBe(usesResponsibleAi);
    }
  });
});

describe('filterScenarios', () => {
  it('filters by domain, level and every search word', () => {
    const fraud = filterScenarios(library, { domain: 'fraud-and-risk' });
    expect(fraud.length).toBeGreaterThan(0);
    expect(fraud.every((s) => s.domains.includes('fraud-and-risk'))).toBe(true);
    expect(filterScenarios(library, { level: 'principal' }).every((s) => s.levels.includes('principal'))).toBe(true);
    expect(filterScenarios(library, { query: 'PAYMENT wallet' }).map((s) => s.slug)).toContain('payment-fraud-detection');
    expect(filterScenarios(library, { query: 'wallet zebra-unlikely-word' })).toEqual([]);
  });

  it("searches a held-back scenario only through what its candidate may see", () => {
    const fraud = library.get('payment-fraud-detection')!;
    const visible = `${fraud.title} ${fraud.prompt} ${fraud.domains.join(' ')}`.toLowerCase();
    const summaryOnly = fraud.summary.toLowerCase().split(/\W+/).find((w) => w.length > 4 && !visible.includes(w));
    expect(summaryOnly, 'the summary should have a word the candidate view lacks').toBeDefined();
    const heldBack = new Set([fraud.slug]);
    expect(filterScenarios(library, { query: summaryOnly }).map((s) => s.slug)).toContain(fraud.slug);
    expect(filterScenarios(library, { query: summaryOnly, heldBack }).map((s) => s.slug)).not.toContain(fraud.slug);
    const promptWord = fraud.prompt.toLowerCase().split(/\W+/).find((w) => w.length > 5)!;
    expect(filterScenarios(library, { query: promptWord, heldBack }).map((s) => s.slug)).toContain(fraud.slug);
  });
});
