import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { readSession } from '@/server/auth/session';
import { sessionsStartingSoon } from '@/server/scheduling/upcoming';
import { readViewer } from '@/server/settings/profile';
import { HeaderLink } from './_components/header-link';
import { SignOutButton } from './_components/sign-out-button';
import { StartingSoon } from './_components/starting-soon';
import { TimeZoneDetector } from './_components/time-zone-detector';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Mockroom — ML system design mock interviews', template: '%s · Mockroom' },
  description: 'A shared whiteboard, video, a phase timer and an interviewer-only rubric for ML system design mock interviews.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await readSession(await headers());
  // The stored profile, not the sign-in token: a name changed in /settings shows at once.
  const viewer = user ? await readViewer(user.id) : null;
  const soon = user ? await sessionsStartingSoon(user.id) : [];
  return (
    <html lang="en">
      <body>
        {/* First stop for keyboard users: past the header straight to the page's own content. */}
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <header className="shell-header">
          {/* The visible name is the link's whole name (WCAG 2.5.3); the mark draws its letter in CSS so it adds no text. */}
          <HeaderLink href={user ? '/dashboard' : '/'} className="brand">
            <span className="brand-mark" aria-hidden />
            Mockroom
          </HeaderLink>
          <nav className="nav" aria-label="Account">
            {user ? (
              <>
                <HeaderLink href="/dashboard">Dashboard</HeaderLink>
                <HeaderLink href="/scenarios">Scenarios</HeaderLink>
                <HeaderLink href="/partner" className="nav-partner">
                  Find a partner
                </HeaderLink>
                <HeaderLink href="/settings" className="nav-settings">
                  <span className="nav-user" data-testid="nav-user">
                    {viewer?.name ?? user.name ?? user.email}
                  </span>
                  {/* On phones the name is hidden for room; the gear stays as the way in. */}
                  <span className="nav-settings-icon" aria-hidden>
                    ⚙
                  </span>
                  <span className="sr-only">Settings</span>
                </HeaderLink>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/signin">Sign in</Link>
                <Link href="/signup" className="btn btn-primary">
                  Create account
                </Link>
              </>
            )}
          </nav>
        </header>
        {viewer && soon.length > 0 && <StartingSoon sessions={soon} zone={viewer.timeZone} />}
        {/* The skip link's target; tabIndex lets it take focus so the next Tab starts inside the page. */}
        <div id="content" tabIndex={-1} className="content-root">
          {children}
        </div>
        {viewer && !viewer.zoneIsSet && <TimeZoneDetector />}
      </body>
    </html>
  );
}
