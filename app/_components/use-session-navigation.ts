'use client';

import { useRouter } from 'next/navigation';
import { useCallback } from 'react';

/**
 * Navigates after a client-side sign-in. The header lives in the root layout,
 * a server component, and a client navigation keeps layouts as they were, so
 * on its own it would leave "Sign in / Create account" showing until a
 * reload. The refresh re-renders the layouts with the new session cookie, and
 * drops router-cache entries fetched while signed out. Replace rather than
 * push: the form that signed us in has done its job.
 */
export function useNavigateAsSignedIn(): (url: string) => void {
  const router = useRouter();
  return useCallback(
    (url: string) => {
      router.replace(url);
      router.refresh();
    },
    [router],
  );
}
