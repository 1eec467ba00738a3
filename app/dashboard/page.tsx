import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { readSession } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Your interviews' };

export default async function DashboardPage() {
  // proxy.ts already redirects signed-out visitors; this is the check that the data path relies on.
  const user = await readSession(await headers());
  if (!user) redirect('/signin?callbackUrl=/dashboard');
  const firstName = (user.name ?? user.email).split(/[\s@]/)[0];

  return (
    <main className="main">
      <div className="page-head">
        <div>
          <h1>Your interviews</h1>
          <p>Welcome, {firstName}. Interviews you run, take or observe appear here.</p>
        </div>
        <button type="button" className="btn btn-primary" aria-disabled="true" disabled title="Creating interviews arrives with the live room">
          New interview
        </button>
      </div>
      <section className="card empty" aria-labelledby="empty-title" data-testid="interviews-empty">
        <div className="empty-icon" aria-hidden>
          ◎
        </div>
        <h2 id="empty-title">No interviews yet</h2>
        <p>
          When you schedule a mock interview or accept an invite link, it shows up here with its time, scenario and your
          role. Creating interviews is coming next; meanwhile, browse the scenarios you will be able to run.
        </p>
        <Link href="/scenarios" className="btn btn-secondary">
          Browse the scenario library
        </Link>
      </section>
    </main>
  );
}
