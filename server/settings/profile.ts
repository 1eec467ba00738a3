/**
 * A user's own settings: the name others see and the time zone every page
 * shows times in. Pages read the zone from here (not from the browser), so
 * server-rendered times are right on the first paint.
 */
import type { Settings, SettingsPatch } from '../../lib/api/settings';
import { FALLBACK_TIME_ZONE, zoneOrFallback } from '../../lib/time/zones';
import { db } from '../db/client';
import { NotFoundError } from '../http/errors';

const SELECT = { name: true, email: true, timeZone: true } as const;

export async function readSettings(userId: string): Promise<Settings> {
  const user = await db().user.findUnique({ where: { id: userId }, select: SELECT });
  if (!user) throw new NotFoundError('Your account no longer exists. Sign in again.');
  return user;
}

export async function updateSettings(userId: string, patch: SettingsPatch): Promise<Settings> {
  const found = await db().user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!found) throw new NotFoundError('Your account no longer exists. Sign in again.');
  return db().user.update({ where: { id: userId }, data: patch, select: SELECT });
}

/** Saves the browser's zone unless the user already has one; answers the zone now in force. */
export async function saveDetectedTimeZone(userId: string, timeZone: string): Promise<{ timeZone: string; saved: boolean }> {
  const { count } = await db().user.updateMany({ where: { id: userId, timeZone: null }, data: { timeZone } });
  if (count === 1) return { timeZone, saved: true };
  const current = await readSettings(userId);
  return { timeZone: current.timeZone ?? FALLBACK_TIME_ZONE, saved: false };
}

export interface Viewer {
  name: string | null;
  /** The zone to render times in. */
  timeZone: string;
  /** False while the user has no zone yet: pages then say times are in UTC and offer the settings. */
  zoneIsSet: boolean;
}

/** What a server-rendered page needs about the person looking at it. */
export async function readViewer(userId: string): Promise<Viewer> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { name: true, timeZone: true } });
  return { name: user?.name ?? null, timeZone: zoneOrFallback(user?.timeZone), zoneIsSet: Boolean(user?.timeZone) };
}
