import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { readSession } from '@/server/auth/session';
import { heldBackGuides } from '@/server/interviews/policy';
import { openCandidacies } from '@/server/interviews/service';
import { LEVELS } from '@/server/scenarios/schema';
import { filterScenarios, scenarioLibrary } from '@/server/scenarios/library';
import { label } from '@/lib/scenarios/labels';
import { DomainChips } from './_components/domain-chips';
import { ScenarioFilters } from './_components/scenario-filters';

export const metadata: Metadata = { title: 'Scenario library' };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

export default async function ScenariosPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const library = scenarioLibrary();
  const domain = library.domains.includes(one(params.domain) ?? '') ? one(params.domain) : undefined;
  // No level filter: every scenario is written for every level, so it would filter nothing. The level is chosen per interview.
  const query = one(params.q)?.slice(0, 100);
  const user = await readSession(await headers());
  // The policy decides which guides (and the summaries and search that would hint at them) stay closed.
  const heldBack = heldBackGuides(
    library.scenarios.map((s) => s.slug),
    user ? await openCandidacies(user.id) : new Set<string>(),
  );
  const results = filterScenarios(library, { domain, query, heldBack });

  return (
    <main className="main">
      <div className="page-head">
        <div>
          <h1>Scenario library</h1>
          <p>
            {library.scenarios.length} ML system design scenarios, each with a phase plan, an interviewer guide and a
            level-anchored rubric.
          </p>
        </div>
      </div>

      <ScenarioFilters domains={library.domains.map((d) => ({ id: d, label: label(d) }))} initial={{ q: query ?? '', domain: domain ?? '' }} />

      <p className="muted small" aria-live="polite" data-testid="result-count">
        {results.length === library.scenarios.length ? `Showing all ${results.length} scenarios` : `${results.length} of ${library.scenarios.length} scenarios match`}
      </p>

      {results.length === 0 ? (
        <section className="card empty">
          <h2>No scenario matches</h2>
          <p>Try a broader search, or clear the filters.</p>
          <Link href="/scenarios" className="btn btn-secondary">
            Clear filters
          </Link>
        </section>
      ) : (
        <ul className="scenario-grid" aria-label="Scenarios">
          {results.map((s) => (
            <li key={s.slug} className="card scenario-card" data-testid="scenario-card">
              <h2>
                <Link href={`/scenarios/${s.slug}`}>{s.title}</Link>
              </h2>
              <p className="scenario-summary">
                {heldBack.has(s.slug) ? <em>You are the candidate in an interview on this scenario; its details open when that interview ends.</em> : s.summary}
              </p>
              <DomainChips domains={s.domains} />
              <div className="scenario-meta">
                <span>{s.levels.length === LEVELS.length ? 'All levels' : s.levels.map(label).join(' · ')}</span>
                <span>45 or 60 min</span>
              </div>
              <div className="scenario-actions">
                {/* Not on a scenario the user is about to be interviewed on: the policy would refuse to create it. */}
                {!heldBack.has(s.slug) && (
                  <Link href={`/interviews/new?scenario=${encodeURIComponent(s.slug)}`} className="btn btn-primary" data-testid="start-interview">
                    Start interview
                  </Link>
                )}
                <Link href={`/scenarios/${s.slug}`} className="btn btn-secondary">
                  Interviewer guide
                </Link>
                <Link href={`/scenarios/${s.slug}/practice`} className="btn btn-ghost">
                  Practice
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
