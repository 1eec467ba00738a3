import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { readSession } from '@/server/auth/session';
import { canReadScenarioGuide } from '@/server/interviews/policy';
import { openCandidacies } from '@/server/interviews/service';
import { scenarioLibrary } from '@/server/scenarios/library';
import { DomainChips } from '../_components/domain-chips';
import { Paragraphs } from '../_components/paragraphs';
import { AgendaTable } from './_components/agenda-table';
import { RubricSection } from './_components/rubric-section';

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const scenario = scenarioLibrary().get((await params).slug);
  return { title: scenario ? `${scenario.title} — interviewer guide` : 'Scenario not found' };
}

export default async function ScenarioGuidePage({ params }: Params) {
  const scenario = scenarioLibrary().get((await params).slug);
  if (!scenario) notFound();
  const user = await readSession(await headers());
  if (!user) redirect(`/signin?callbackUrl=/scenarios/${encodeURIComponent(scenario.slug)}`);
  if (!canReadScenarioGuide(scenario.slug, await openCandidacies(user.id))) {
    return (
      <main className="main auth-wrap">
        <div className="card auth-card" data-testid="guide-held-back">
          <p className="eyebrow">Interviewer guide</p>
          <h1>{scenario.title}</h1>
          <p className="auth-sub">
            You are the candidate in an interview on this scenario that has not ended yet, so its guide and rubric stay closed to you until it does.
          </p>
          <Link href={`/scenarios/${scenario.slug}/practice`} className="btn btn-primary btn-block">
            Open the candidate view
          </Link>
        </div>
      </main>
    );
  }
  const { guide } = scenario;

  return (
    <main className="main guide">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/scenarios">Scenario library</Link> <span aria-hidden>/</span> <span>{scenario.title}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">Interviewer guide · not for candidates</p>
          <h1>{scenario.title}</h1>
          <p>{scenario.summary}</p>
          <DomainChips domains={scenario.domains} levels={scenario.levels} />
        </div>
        <div className="head-actions">
          <Link href={`/interviews/new?scenario=${scenario.slug}`} className="btn btn-primary">
            Run this scenario
          </Link>
          <Link href={`/scenarios/${scenario.slug}/practice`} className="btn btn-secondary">
            Candidate view
          </Link>
          <span className="muted small" title="Interviews keep the content version they were created with">
            Version {scenario.version.slice(0, 8)}
          </span>
        </div>
      </div>

      <section className="card section-card" aria-labelledby="prompt-h">
        <h2 id="prompt-h">Prompt</h2>
        <p className="muted small">Read this to the candidate. It is the only part they see.</p>
        <blockquote className="prompt">
          <Paragraphs text={scenario.prompt} />
        </blockquote>
        {scenario.examples.length > 0 && <p className="muted small">Real-world context: {scenario.examples.join('; ')}</p>}
      </section>

      <section className="card section-card" aria-labelledby="context-h">
        <h2 id="context-h">Business context</h2>
        <Paragraphs text={guide.context} className="prose" />
      </section>

      <section className="card section-card" aria-labelledby="facts-h">
        <h2 id="facts-h">Clarifying facts</h2>
        <p className="muted small">Reveal each one only when the candidate asks about it.</p>
        <table className="table">
          <tbody>
            {guide.clarifyingFacts.map((fact) => (
              <tr key={fact.topic}>
                <th scope="row">{fact.topic}</th>
                <td>{fact.answer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card section-card" aria-labelledby="agenda-h">
        <h2 id="agenda-h">Phase plan and probes</h2>
        <AgendaTable phases={guide.phases} />
        <h3 style={{ marginTop: 'var(--s5)' }}>Probes by phase</h3>
        <dl className="probes">
          {guide.phases[60].map((phase) =>
            guide.probes[phase.id]?.length ? (
              <div key={phase.id}>
                <dt>{phase.title}</dt>
                {guide.probes[phase.id]!.map((probe) => (
                  <dd key={probe}>{probe}</dd>
                ))}
              </div>
            ) : null,
          )}
        </dl>
      </section>

      <section className="card section-card" aria-labelledby="cards-h">
        <h2 id="cards-h">Constraint cards</h2>
        <p className="muted small">Play each card in its phase to see how the candidate adapts.</p>
        <div className="constraint-cards">
          {guide.constraintCards.map((card) => (
            <article key={card.id} className="constraint-card">
              <span className="chip">{guide.phases[60].find((p) => p.id === card.phase)?.title ?? card.phase}</span>
              <h3>{card.title}</h3>
              <p className="card-audience">Candidate sees</p>
              <p>{card.prompt}</p>
              <p className="card-audience">Your follow-up</p>
              <p className="muted">{card.followUp}</p>
            </article>
          ))}
        </div>
      </section>

      <section className="card section-card" aria-labelledby="strong-h">
        <h2 id="strong-h">What a strong answer covers</h2>
        <ul className="bullets">
          {guide.strongAnswer.outline.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
        <h3>Estimates a strong candidate makes</h3>
        <ul className="bullets">
          {guide.strongAnswer.estimates.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </section>

      <RubricSection rubric={scenario.rubric} />
    </main>
  );
}
