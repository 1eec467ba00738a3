/** The signed-in user's own settings: display name and the time zone times are shown in. */
import { z } from 'zod';
import { signUpSchema } from '../auth/schemas';
import { isTimeZone } from '../time/zones';
import { safeText } from '../validation/text';
import { defineRoute } from './contract';

export const timeZoneSchema = safeText({ message: 'Choose a time zone.' })
  .trim()
  .refine(isTimeZone, { message: 'Choose a time zone from the list, e.g. Europe/Berlin or America/New_York.' });

export const settingsSchema = z.object({
  name: z.string().nullable(),
  email: z.string(),
  /** Null until the browser detects it or the user picks one; times show in UTC meanwhile. */
  timeZone: z.string().nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z.strictObject({
  name: signUpSchema.shape.name.optional(),
  timeZone: timeZoneSchema.optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const readSettings = defineRoute({ method: 'GET', path: '/api/settings', response: settingsSchema });

export const updateSettings = defineRoute({ method: 'PATCH', path: '/api/settings', request: settingsPatchSchema, response: settingsSchema });

/**
 * The browser's own zone, sent on the first signed-in page load. It is saved
 * only while the user has none, so it never overrides a choice made in /settings.
 */
export const detectTimeZone = defineRoute({
  method: 'POST',
  path: '/api/settings/time-zone',
  request: z.strictObject({ timeZone: timeZoneSchema }),
  response: z.object({ timeZone: z.string(), saved: z.boolean() }),
});
