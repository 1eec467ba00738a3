import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { readSession } from '@/server/auth/session';
import { scenarioLibrary } from '@/server/scenarios/library';
import { readViewer } from '@/server/settings/profile';
import { NewInterviewForm } from './_components/new-interview-form';

export const metadata: Metadata = { title: 'New interview' };

export default async function NewInterviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = (await searchParams).scenario;
  const user = await readSession(await headers());
  if (!user) {
    // Back to this form with the scenario still chosen (the library's "Start interview" links here).
    const back = typeof requested === 'string' ? `/interviews/new?scenario=${encodeURIComponent(requested)}` : '/interviews/new';
    redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
  const scenarios = scenarioLibrary().scenarios.map((s) => ({ slug: s.slug, title: s.title, levels: s.levels }));
  const initial = scenarios.find((s) => s.slug === requested)?.slug ?? '';
  // The time field is read in the zone every page shows times in.
  const { timeZone } = await readViewer(user.id);
  return (
    <main className="main auth-wrap">
      <NewInterviewForm scenarios={scenarios} initialScenario={initial} timeZone={timeZone} />
    </main>
  );
}
