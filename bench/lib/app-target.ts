/**
 * The app server as a bench target, shared by the benches that start it:
 * a fresh production build, its /internal/metrics, child processes stopped by
 * PID, and fixtures made through the real API (users signed up and in,
 * interviews created and their invites accepted).
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { buildApp, buildIsCurrent } from '../../server/boot/next-build';
import { HttpSession, uniqueEmail } from '../../tests/helpers/http-session';
import { ROOT, sleep } from './common';

export interface Metrics {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
  uptimeSeconds: number;
  boards: { rooms: number; connections: number; pendingUpdates: number; boardTooLarge?: number; rateLimited?: number; unresolvedUpdates?: number };
}

export function metricsReader(httpBase: string, token: string) {
  return async (): Promise<Metrics> => {
    const response = await fetch(`${httpBase}/internal/metrics`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`metrics answered ${response.status}`);
    return (await response.json()) as Metrics;
  };
}

/** Only 127.0.0.1: the app prints http://localhost:<port>. */
export function loopback(url: string): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  return parsed.origin;
}

export function stopChild(child: ChildProcess, label: string): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      console.error(`[bench] ${label} (pid ${child.pid}) ignored SIGTERM: SIGKILL`);
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.pid) process.kill(child.pid, 'SIGTERM');
  });
}

/** The tests build once before starting servers; so do we (and never while another build runs). */
export async function ensureFreshBuild(log: (message: string) => void) {
  const otherBuildRunning = () =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
      .some((p) => {
        try {
          const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
          return cmd.includes('next') && cmd.includes('\0build');
        } catch {
          return false;
        }
      });
  for (let waited = 0; otherBuildRunning(); waited += 5) {
    if (waited === 0) log('a next build is already running (another user of this working tree?): waiting for it');
    if (waited > 600) throw new Error('another next build has been running for over 10 minutes');
    await sleep(5000);
  }
  if (!buildIsCurrent(ROOT)) {
    log('sources changed since the last production build: building first (like the test setup does)…');
    await buildApp(ROOT);
  }
}

/** A new user, signed up and signed in through the API. */
export async function signedInUser(baseUrl: string, name: string): Promise<HttpSession> {
  const session = new HttpSession(baseUrl);
  const email = uniqueEmail(`bench-${name.toLowerCase().replace(/\W+/g, '-')}`);
  const password = 'a long enough password';
  const signedUp = await session.signUp({ name, email, password });
  if (signedUp.status !== 201) throw new Error(`sign-up of ${name} answered ${signedUp.status}: ${await signedUp.text()}`);
  const error = await session.signIn(email, password);
  if (error) throw new Error(`sign-in of ${name} failed: ${error}`);
  return session;
}

export interface InterviewFixtures {
  ids: string[];
  sessions: { interviewer: HttpSession; candidate: HttpSession; observer: HttpSession };
  interviewer: string;
  candidate: string;
  observer: string;
}

/** `count` interviews by one interviewer, each with the same candidate and observer joined by invite. */
export async function createInterviews(baseUrl: string, count: number): Promise<InterviewFixtures> {
  const interviewer = await signedInUser(baseUrl, 'Ines Interviewer');
  const candidate = await signedInUser(baseUrl, 'Cal Candidate');
  const observer = await signedInUser(baseUrl, 'Oli Observer');
  const ids: string[] = [];
  let next = 0;
  const one = async () => {
    const created = await interviewer.json<{ id: string; invites: Record<'candidate' | 'observer', string> }>('/api/interviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenarioSlug: 'payment-fraud-detection', level: 'staff', durationMinutes: 45, mode: 'peer' }),
    });
    if (created.status !== 201) throw new Error(`creating an interview answered ${created.status}: ${JSON.stringify(created.body)}`);
    for (const [session, link] of [
      [candidate, created.body.invites.candidate],
      [observer, created.body.invites.observer],
    ] as const) {
      const joined = await session.fetch(`/api/invites/${new URL(link).pathname.split('/').pop()}`, { method: 'POST' });
      if (joined.status !== 200) throw new Error(`accepting an invite answered ${joined.status}: ${await joined.text()}`);
    }
    ids.push(created.body.id);
  };
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < count) {
        next += 1;
        await one();
      }
    }),
  );
  return {
    ids,
    sessions: { interviewer, candidate, observer },
    interviewer: interviewer.cookieHeader(),
    candidate: candidate.cookieHeader(),
    observer: observer.cookieHeader(),
  };
}
