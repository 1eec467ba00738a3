import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { supportedTimeZones } from '@/lib/time/zones';
import { readSession } from '@/server/auth/session';
import { readSettings } from '@/server/settings/profile';
import { SettingsForm } from './_components/settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await readSession(await headers());
  if (!user) redirect('/signin?callbackUrl=/settings');
  const settings = await readSettings(user.id);
  // The server's list is the one the API validates against, so the form offers exactly what will be accepted.
  return (
    <main className="main auth-wrap">
      <SettingsForm initial={settings} zones={supportedTimeZones()} />
    </main>
  );
}
