import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LEVELS } from '@/lib/scenarios/levels';
import { utcToZoned } from '@/lib/time/zoned';
import { readSession } from '@/server/auth/session';
import { listOpenings } from '@/server/matching/openings';
import { readMatching } from '@/server/matching/requests';
import { scenarioLibrary } from '@/server/scenarios/library';
import { readViewer } from '@/server/settings/profile';
import { ZoneNote } from '../_components/zone-note';
import { AvailabilityForm } from './_components/availability-form';
import { MatchList } from './_components/match-list';
import { OpenRequest } from './_components/open-request';
import { OpeningList } from './_components/opening-list';

export const metadata: Metadata = { title: 'Find a practice partner' };

const POSTED: Record<string, { tone: 'success' | 'info'; text: string }> = {
  matched: { tone: 'success', text: 'Matched! Your session is below, and the invitation is on its way by email.' },
  booked: { tone: 'success', text: 'Booked. Your session is below, and both of you get the invitation by email.' },
  open: { tone: 'info', text: 'Posted. Nobody fits yet: we match you as soon as someone does, and email you the invitation.' },
};

export default async function PartnerPage({ searchParams }: { searchParams: Promise<{ posted?: string }> }) {
  const user = await readSession(await headers());
  if (!user) redirect('/signin?callbackUrl=/partner');
  const viewer = await readViewer(user.id);
  const [mine, openings] = await Promise.all([readMatching(user.id), listOpenings(user.id)]);
  const zone = viewer.timeZone;
  const flag = (await searchParams).posted ?? '';
  // The flash stays in the URL after a reload: "nobody fits yet" is stale once the request has been matched.
  const posted = flag === 'open' && !mine.open ? undefined : POSTED[flag];

  return (
    <main className="main partner-page">
      <div className="page-head">
        <div>
          <h1>Find a practice partner</h1>
          <p>Say when you are free over the next two weeks. We pair you with someone at a similar level for two 45-minute rounds: one of you interviews, then you swap.</p>
        </div>
      </div>
      {posted && (
        <div className={`alert alert-${posted.tone}`} role="status" data-testid="partner-posted">
          {posted.text}
        </div>
      )}
      <ZoneNote viewer={viewer} />
      <p className="reliability-line" data-testid="reliability">
        <strong>Your reliability:</strong> {mine.reliability.summary} <span className="muted small">Only you see this.</span>
      </p>

      <div className="partner-grid">
        <section aria-labelledby="request-title" className="card section-card">
          {mine.open ? (
            <OpenRequest request={mine.open} zone={zone} />
          ) : (
            <AvailabilityForm zone={zone} levels={[...LEVELS]} domains={scenarioLibrary().shared.domains} firstDate={utcToZoned(Date.now() + 86_400_000, zone).date} />
          )}
        </section>

        <div className="partner-side">
          <section aria-labelledby="matches-title" className="card section-card">
            <h2 id="matches-title">Your matches</h2>
            <MatchList matches={mine.matches} zone={zone} />
          </section>
          {openings.hasOpenRequest && mine.open && (
            <section aria-labelledby="openings-title" className="card section-card">
              <h2 id="openings-title">People you could book</h2>
              <OpeningList openings={openings.openings} zone={zone} mine={mine.open.firstRole} />
            </section>
          )}
        </div>
      </div>
    </main>
  );
}
