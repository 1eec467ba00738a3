/** The "Add to calendar" download: the event as it stands, in the reader's zone. */
import { db } from '../db/client';
import { ConflictError, NotFoundError } from '../http/errors';
import { icsFor, loadCalendarInterview } from './calendar';
import type { IcsMethod } from './ics';

export interface CalendarFile {
  content: string;
  method: IcsMethod;
  filename: string;
}

export async function calendarFileFor(interviewId: string, userId: string): Promise<CalendarFile> {
  const [interview, reader] = await Promise.all([
    loadCalendarInterview(db(), interviewId),
    db().user.findUnique({ where: { id: userId }, select: { timeZone: true } }),
  ]);
  if (!interview) throw new NotFoundError('No interview with that id.');
  if (!interview.scheduledAt) throw new ConflictError('This interview has no time yet, so there is nothing to add to a calendar.');
  // A cancelled session's file removes the event from a calendar that holds it.
  const method: IcsMethod = interview.cancelledAt ? 'CANCEL' : 'REQUEST';
  return { content: icsFor(interview, interview.scheduledAt, reader?.timeZone ?? null, method), method, filename: `mockroom-${interviewId}.ics` };
}
