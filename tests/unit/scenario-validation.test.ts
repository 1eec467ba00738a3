/**
 * Bad scenario files produce `file:line: field: problem` messages that point
 * at the offending line. Fixtures live in tests/fixtures/scenarios/.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioLibrary, ScenarioLibraryError } from '../../server/scenarios/library';
import { interviewerVoice } from '../../server/scenarios/schema';
import { formatProblem } from '../../server/scenarios/validate';
import { fixtureLibrary } from '../helpers/scenario-dirs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/scenarios');

/** A temp folder named `scenarios` holding the real _shared.yaml plus the given files. */
function libraryDir(files: Record<string, string>): string {
  const dir = fixtureLibrary([]);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function fixture(kind: 'good' | 'bad', name: string): string {
  return readFileSync(path.join(FIXTURES, kind, name), 'utf8');
}

function problemsFor(dir: string): string[] {
  try {
    loadScenarioLibrary(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioLibraryError);
    return (error as ScenarioLibraryError).problems.map(formatProblem);
  }
  throw new Error('expected the library to be refused');
}

describe('scenario validation messages', () => {
  it('accepts the minimal good fixture', () => {
    const library = loadScenarioLibrary(libraryDir({ 'tiny-ranking.yaml': fixture('good', 'tiny-ranking.yaml') }));
    expect(library.scenarios.map((s) => s.slug)).toEqual(['tiny-ranking']);
  });

  it('reports a YAML syntax error with its line', () => {
    expect(problemsFor(libraryDir({ 'broken-yaml.yaml': fixture('bad', 'broken-yaml.yaml') }))).toEqual([
      'scenarios/broken-yaml.yaml:6: (yaml): Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports schema errors at the field, and a missing field as missing', () => {
    expect(problemsFor(libraryDir({ 'schema-errors.yaml': fixture('bad', 'schema-errors.yaml') }))).toEqual([
      'scenarios/schema-errors.yaml:5: levels.0: Invalid option: expected one of "senior"|"staff"|"principal"',
      'scenarios/schema-errors.yaml:1: prompt: missing (expected text)',
      'scenarios/schema-errors.yaml:9: guide.clarifyingFacts: needs at least 5 entries',
    ]);
  });

  it('reports phases whose minutes do not add up to the duration', () => {
    expect(problemsFor(libraryDir({ 'wrong-minutes.yaml': fixture('bad', 'wrong-minutes.yaml') }))).toEqual([
      'scenarios/wrong-minutes.yaml:20: guide.variants.45.phases: phases add up to 50 minutes, not 45',
    ]);
  });

  it('reports references to phases and rubric dimensions that do not exist', () => {
    expect(problemsFor(libraryDir({ 'bad-references.yaml': fixture('bad', 'bad-references.yaml') }))).toEqual([
      'scenarios/bad-references.yaml:1: slug: must match the file name ("bad-references")',
      `scenarios/bad-references.yaml:21: guide.probes.onboarding: no phase "onboarding" in this scenario's agenda (clarify, metrics, data, modeling, serving, evaluation, monitoring)`,
      'scenarios/bad-references.yaml:21: guide.probes: give probes for at least 4 phases (found 3)',
      'scenarios/bad-references.yaml:27: guide.constraintCards.1.phase: "deployment" is not a phase of both the 45- and 60-minute agendas',
      'scenarios/bad-references.yaml:38: rubric.dimensions.1: unknown rubric dimension "creativity"',
      'scenarios/bad-references.yaml:40: rubric.signals: give observable signals for "creativity"',
    ]);
  });

  it('refuses the whole library when one file is bad (no silent skip)', () => {
    const dir = libraryDir({ 'tiny-ranking.yaml': fixture('good', 'tiny-ranking.yaml'), 'wrong-minutes.yaml': fixture('bad', 'wrong-minutes.yaml') });
    expect(problemsFor(dir)).toHaveLength(1);
  });

  it('checks the shared file too: agendas must add up', () => {
    const dir = libraryDir({});
    const shared = readFileSync(path.join(dir, '_shared.yaml'), 'utf8').replace('{ id: clarify, title: Clarify and scope, minutes: 5,', '{ id: clarify, title: Clarify and scope, minutes: 6,');
    writeFileSync(path.join(dir, '_shared.yaml'), shared);
    const problems = problemsFor(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^scenarios\/_shared\.yaml:\d+: agendas\.standard\.45: phases add up to 46 minutes, not 45$/);
  });

  it('names a missing shared file or folder', () => {
    expect(problemsFor(path.join(os.tmpdir(), 'no-such-scenarios-dir'))).toEqual([expect.stringMatching(/no-such-scenarios-dir:1: \(directory\): scenario folder not found/)]);
    const empty = path.join(mkdtempSync(path.join(os.tmpdir(), 'mockroom-empty-')), 'scenarios');
    mkdirSync(empty);
    expect(problemsFor(empty)).toEqual(['scenarios/_shared.yaml:1: (file): missing: it holds the rubric dimensions and agendas']);
  });
});

describe('constraint cards: a prompt for the candidate, a follow-up for the interviewer', () => {
  const good = fixture('good', 'tiny-ranking.yaml').replaceAll('tiny-ranking', 'card-rules');
  const FIRST_CARD = 'prompt: "Click labels now arrive one day late.", followUp: "What changes in training and monitoring?"';
  /** The fixture with its first card's prompt/follow-up pair replaced. */
  const withFirstCard = (fields: string) => libraryDir({ 'card-rules.yaml': good.replace(FIRST_CARD, fields) });
  const cardLine = good.split('\n').findIndex((l) => l.includes(FIRST_CARD)) + 1;

  it('accepts the fixture as written (so each refusal below is down to its one change)', () => {
    expect(good).toContain(FIRST_CARD);
    expect(loadScenarioLibrary(libraryDir({ 'card-rules.yaml': good })).get('card-rules')!.guide.constraintCards[0]).toMatchObject({
      prompt: 'Click labels now arrive one day late.',
      followUp: 'What changes in training and monitoring?',
    });
  });

  it('refuses the old single "text" field by name, saying what replaced it', () => {
    expect(problemsFor(withFirstCard('text: "Clicks now arrive a day late; ask what changes."'))).toEqual([
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.prompt: missing (expected text)`,
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.followUp: missing (expected text)`,
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.text: "text" was split in two: "prompt" (what the candidate is told) and "followUp" (interviewer-only: what to ask next)`,
    ]);
  });

  it.each([
    ['opens with "Ask"', 'Ask how they would cope with labels a day late.', /\("Ask …"\)/],
    ['opens a later sentence with "Tell"', 'Labels now arrive a day late. Tell them the budget is fixed.', /\("Tell …"\)/],
    ['opens with "Point out"', 'Point out that labels now arrive a day late.', /\("Point out …"\)/],
    ['talks about "the candidate"', 'Labels arrive a day late; see whether the candidate notices.', /mentions "the candidate"/],
  ])('refuses a prompt that %s: it is written to the interviewer', (_why, prompt, message) => {
    const problems = problemsFor(withFirstCard(`prompt: "${prompt}", followUp: "What changes in training and monitoring?"`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^scenarios/card-rules\\.yaml:${cardLine}: guide\\.constraintCards\\.0\\.prompt: (reads like an instruction|mentions)`));
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toContain('followUp');
  });

  it('lets "ask" and "tell" appear inside a sentence written to the candidate', () => {
    const prompt = 'Customers now ask for refunds twice as often, and reviews tell the same story.';
    expect(() => loadScenarioLibrary(withFirstCard(`prompt: "${prompt}", followUp: "What changes in training and monitoring?"`))).not.toThrow();
  });

  it('bounds both fields: neither empty nor short, neither over 600 characters', () => {
    expect(problemsFor(withFirstCard('prompt: "   ", followUp: "Too short."'))).toEqual([
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.prompt: needs at least 20 characters`,
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.followUp: needs at least 20 characters`,
    ]);
    const long = 'Labels are late. '.repeat(36); // 612 characters
    expect(problemsFor(withFirstCard(`prompt: "${long}", followUp: "${long}"`))).toEqual([
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.prompt: keep the prompt under 600 characters`,
      `scenarios/card-rules.yaml:${cardLine}: guide.constraintCards.0.followUp: keep the follow-up under 600 characters`,
    ]);
  });
});

describe('the real library after the move to prompt and followUp', () => {
  const library = loadScenarioLibrary(path.join(ROOT, 'scenarios'));

  it('gives every card of every scenario both halves, distinct, with no old "text"', () => {
    expect(library.scenarios).toHaveLength(22);
    for (const scenario of library.scenarios) {
      for (const card of scenario.guide.constraintCards) {
        const where = `${scenario.slug}/${card.id}`;
        expect(card.prompt.length, where).toBeGreaterThanOrEqual(20);
        expect(card.followUp.length, where).toBeGreaterThanOrEqual(20);
        expect(card.followUp, where).not.toBe(card.prompt);
        expect(Object.keys(card).sort(), where).toEqual(['followUp', 'id', 'phase', 'prompt', 'title']);
      }
    }
  });
});

describe('interviewerVoice', () => {
  it.each([
    ['Ask which features break.', true],
    ['Say image posts get a verdict later.', true],
    ['Tell the room the budget is fixed.', true],
    ['How does the candidate handle it?', true],
    ["The candidate's model is late.", true],
    ['Probe the latency budget.', true],
    ['Your budget halves. What do you cut first?', false],
    ['Sellers ask for faster listings; regulators say nothing yet.', false],
    ['A candidate generator refreshes hourly.', false],
  ])('%s → %s', (prompt, refused) => {
    expect(interviewerVoice(prompt) !== null).toBe(refused);
  });
});
