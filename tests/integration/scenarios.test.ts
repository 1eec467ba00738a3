/**
 * The scenario library in the running app: a bad file stops start-up with its
 * file:line problems; `npm run scenarios:check` reports the same way; and the
 * candidate's practice page carries no interviewer-only text on the wire.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { candidateView } from '../../server/scenarios/candidate-view';
import { loadScenarioLibrary } from '../../server/scenarios/library';
import { runServerExpectingExit, startAppServer, testServerEnv, type AppServer } from '../helpers/app-server';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { HttpSession, uniqueEmail } from '../helpers/http-session';
import { fixtureLibrary, interviewerOnlyStrings } from '../helpers/scenario-dirs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const library = loadScenarioLibrary(path.join(ROOT, 'scenarios'));

describe('a bad scenario file', () => {
  it('stops the server at start-up, naming the file, line and problem', async () => {
    const dir = fixtureLibrary([{ kind: 'good', name: 'tiny-ranking.yaml' }, { kind: 'bad', name: 'wrong-minutes.yaml' }]);
    const { code, output } = await runServerExpectingExit(testServerEnv('postgresql://unused@127.0.0.1:1/x', { SCENARIOS_DIR: dir }));
    expect(code).toBe(1);
    expect(output).toContain('Mockroom failed to start: 1 problem(s) in the scenario library:');
    expect(output).toContain('scenarios/wrong-minutes.yaml:20: guide.variants.45.phases: phases add up to 50 minutes, not 45');
  });
});

describe('npm run scenarios:check', () => {
  // --validate-only: the check of our wording against the source guides needs
  // files a user's clone never has, so CI runs it as its own step (.ci/run).
  const check = (dir?: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/scenarios-check.ts', '--validate-only', ...(dir ? [dir] : [])], { cwd: ROOT, encoding: 'utf8' });

  it('passes on the committed library', () => {
    const result = check();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`scenarios: ${library.scenarios.length} valid`);
    expect(result.stderr).toBe('');
  });

  it('prints file:line problems and exits 1 on bad files', () => {
    const result = check(fixtureLibrary([{ kind: 'bad', name: 'schema-errors.yaml' }, { kind: 'bad', name: 'wrong-minutes.yaml' }]));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'scenarios/schema-errors.yaml:5: levels.0: Invalid option: expected one of "senior"|"staff"|"principal"',
      'scenarios/schema-errors.yaml:1: prompt: missing (expected text)',
      'scenarios/schema-errors.yaml:9: guide.clarifyingFacts: needs at least 5 entries',
      'scenarios/wrong-minutes.yaml:20: guide.variants.45.phases: phases add up to 50 minutes, not 45',
      'scenarios: 4 problem(s)',
    ]);
  });
});

describe('scenario pages on the wire', () => {
  let database: TestDatabase;
  let server: AppServer;
  let session: HttpSession;

  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'));
    server = await startAppServer(testServerEnv(database.url));
    session = new HttpSession(server.url);
    const email = uniqueEmail('scenarios');
    expect((await session.signUp({ name: 'Pat', email, password: 'a long enough password' })).status).toBe(201);
    expect(await session.signIn(email, 'a long enough password')).toBeNull();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const decode = (html: string) =>
    html.replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('requires sign-in for the library', async () => {
    const response = await fetch(`${server.url}/scenarios`, { redirect: 'manual' });
    expect(response.status).toBe(307);
  });

  it("serves each practice page (HTML and RSC payload) with the prompt and none of the guide's text", async () => {
    for (const scenario of library.scenarios) {
      for (const headers of [{}, { rsc: '1' }] as Record<string, string>[]) {
        let response = await session.fetch(`/scenarios/${scenario.slug}/practice`, { headers });
        // Next 16 redirects a bare RSC request to the same URL plus its `_rsc` cache-busting
        // parameter (what a browser sends); follow it to get the flight payload itself.
        const location = response.headers.get('location');
        if (response.status === 307 && location && /[?&]_rsc(=|&|$)/.test(location)) response = await session.fetch(location, { headers });
        expect(response.status, `${scenario.slug} -> ${response.headers.get('location')}`).toBe(200);
        if (headers.rsc) expect(response.headers.get('content-type')).toMatch(/text\/x-component/);
        const body = decode(await response.text());
        expect(body, `${scenario.slug} prompt`).toContain(candidateView(scenario).prompt.trim().split('\n')[0]!.trim());
        const leaked = interviewerOnlyStrings(scenario).filter((text) => body.includes(text));
        expect(leaked, `${scenario.slug} (${JSON.stringify(headers)})`).toEqual([]);
      }
    }
  });

  it('answers 404 for an unknown scenario', async () => {
    expect((await session.fetch('/scenarios/no-such-scenario')).status).toBe(404);
    expect((await session.fetch('/scenarios/no-such-scenario/practice')).status).toBe(404);
  });
});
