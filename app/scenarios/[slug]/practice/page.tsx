import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
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
    </main>
  );
}
