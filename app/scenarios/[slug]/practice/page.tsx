import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { readSession } from '@/server/auth/session';
import { canCreateInterviewOn } from '@/server/interviews/policy';
import { openCandidacies } from '@/server/interviews/service';
import { candidateView } from '@/server/scenarios/candidate-view';
import { scenarioLibrary } from '@/server/scenarios/library';
import { DomainChips } from '../../_components/domain-chips';
import { Paragraphs } from '../../_components/paragraphs';

type Params = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: 'Practice prompt' };

/** The candidate's view: built only from candidateView(), never from the full scenario. */
export default async function PracticePage({ params }: Params) {
  const scenario = scenarioLibrary().get((await params).slug);
  if (!scenario) notFound();
  const view = candidateView(scenario);
  const user = await readSession(await headers());
  const mayCreate = user ? canCreateInterviewOn(scenario.slug, await openCandidacies(user.id)) : true;

  return (
    <main className="main practice">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link href="/scenarios">Scenario library</Link> <span aria-hidden>/</span> <span>Practice</span>
      </nav>
      <p className="eyebrow">Practice prompt</p>
      <h1>{view.title}</h1>
      <DomainChips domains={view.domains} />
      <blockquote className="prompt prompt-lg" data-testid="practice-prompt">
        <Paragraphs text={view.prompt} />
      </blockquote>
      <section className="card section-card" aria-labelledby="agenda-h">
        <h2 id="agenda-h">How the 45 minutes usually run</h2>
        <ol className="agenda">
          {view.agenda[45].map((phase) => (
            <li key={phase.id} className="agenda-row">
              <span>{phase.title}</span>
              <span className="mono">{phase.minutes} min</span>
            </li>
          ))}
        </ol>
        <p className="muted small">Ask clarifying questions before you design: the interviewer has the details.</p>
      </section>
      <section className="card section-card practice-partner" aria-labelledby="partner-h" data-testid="practice-partner">
        <h2 id="partner-h">Practise this with a partner</h2>
        {mayCreate ? (
          <>
            <p>
              Create an interview on this scenario and you get an invite link to send your partner. Whoever creates it runs it as
              the interviewer, with the guide and rubric, and the partner takes the candidate seat. To be the one interviewed,
              send your partner this page instead and let them create it.
            </p>
            <Link href={`/interviews/new?scenario=${encodeURIComponent(view.slug)}`} className="btn btn-primary">
              Practise this with a partner
            </Link>
          </>
        ) : (
          <p>
            You are the candidate in an interview on this scenario that has not ended, so you cannot run one on it yet. Your
            interviewer has the room link on their dashboard.
          </p>
        )}
      </section>
    </main>
  );
}
