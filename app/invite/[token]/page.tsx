import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { readSession } from '@/server/auth/session';
import { HttpError } from '@/server/http/errors';
import { previewInvite, USED_MESSAGE, type InvitePreview } from '@/server/interviews/invites';
import { loadForActor } from '@/server/interviews/service';
import { JoinPanel } from './_components/join-panel';

export const metadata: Metadata = { title: 'Interview invitation' };

const ROLE_TEXT = { candidate: 'the candidate', interviewer: 'a co-interviewer', observer: 'an observer' } as const;

function Unusable({ message }: { message: string }) {
  return (
    <main className="main auth-wrap">
      <div className="card auth-card" data-testid="invite-unusable">
        <h1>This link can’t be used</h1>
        <div className="alert alert-error" role="alert">
          {message}
        </div>
        <Link href="/dashboard" className="btn btn-secondary btn-block">
          Go to your dashboard
        </Link>
      </div>
    </main>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let preview: InvitePreview;
  try {
    preview = await previewInvite(token);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return <Unusable message={error.message} />;
  }
  const user = await readSession(await headers());
  const member = user ? (await loadForActor(preview.interviewId, user.id)).actor.role : null;
  if (member) {
    return (
      <main className="main auth-wrap">
        <div className="card auth-card">
          <h1>{preview.interviewTitle}</h1>
          <p className="auth-sub">You are already in this interview as {ROLE_TEXT[member]}.</p>
          <Link href={`/interviews/${preview.interviewId}`} className="btn btn-primary btn-block">
            Enter the room
          </Link>
        </div>
      </main>
    );
  }
  if (preview.exhausted) return <Unusable message={USED_MESSAGE} />;
  return (
    <main className="main auth-wrap">
      <div className="card auth-card">
        <p className="eyebrow">Interview invitation</p>
        <h1>{preview.interviewTitle}</h1>
        <p className="auth-sub">
          {preview.hostName ?? 'Your interviewer'} invited you to join as <strong>{ROLE_TEXT[preview.role]}</strong>.
        </p>
        <JoinPanel token={token} signedInAs={user ? (user.name ?? user.email) : null} />
      </div>
    </main>
  );
}
