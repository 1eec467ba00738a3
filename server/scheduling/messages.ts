/**
 * The words of scheduling emails: invitation, update, cancellation and the
 * two reminders, each with the time in the recipient's own zone and the room
 * link. Pure functions of what they are given.
 */
import { formatDateTime, formatTime } from '../../lib/time/format';
import { zoneOrFallback } from '../../lib/time/zones';

export type ScheduleChange = 'invitation' | 'update' | 'cancellation';
export type ReminderKind = '24h' | '15m';
export type EmailKind = ScheduleChange | `reminder-${ReminderKind}`;

export interface MessageInput {
  kind: EmailKind;
  title: string;
  level: string;
  /** The session's time: the new one for an update, the one called off for a cancellation. */
  at: Date;
  /** Minutes the whole event takes (two rounds for a peer session). */
  minutes: number;
  roomUrl: string;
  recipient: { name: string | null; timeZone: string | null; role: string };
  /** Who else is in it, by name. */
  others: string[];
}

export interface MessageText {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function headline(input: MessageInput, when: string): { subject: string; lead: string } {
  const { title } = input;
  switch (input.kind) {
    case 'invitation':
      return { subject: `Invitation: ${title}, ${when}`, lead: `You are invited to a Mockroom session: ${title}, on ${when}.` };
    case 'update':
      return { subject: `Updated: ${title}, now ${when}`, lead: `The time of ${title} has changed. It is now on ${when}.` };
    case 'cancellation':
      return { subject: `Cancelled: ${title}, ${when}`, lead: `${title}, planned for ${when}, has been cancelled.` };
    case 'reminder-24h':
      return { subject: `Tomorrow: ${title}, ${when}`, lead: `A reminder: ${title} starts in 24 hours, on ${when}.` };
    case 'reminder-15m':
      return { subject: `Starting in 15 minutes: ${title}`, lead: `${title} starts in 15 minutes, at ${when}.` };
  }
}

export function scheduleMessage(input: MessageInput): MessageText {
  const zone = zoneOrFallback(input.recipient.timeZone);
  const when = `${input.kind === 'reminder-15m' ? formatTime(input.at, zone) : formatDateTime(input.at, zone)} (${zone})`;
  const { subject, lead } = headline(input, when);
  const greeting = `Hello ${input.recipient.name?.trim() || 'there'},`;
  const details = `${input.title} · ${input.level} · ${input.minutes} min · you are the ${input.recipient.role}`;
  const company = input.others.length ? `With ${input.others.join(', ')}.` : '';
  const cancelled = input.kind === 'cancellation';
  const action = cancelled ? `The attached file removes it from your calendar. (Its room was ${input.roomUrl}.)` : `Join the room: ${input.roomUrl}`;
  const calendarNote = input.kind === 'invitation' || input.kind === 'update' ? 'The attached invite.ics adds it to your calendar.' : '';
  const text = [greeting, '', lead, details, company, '', action, calendarNote].filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n').trim();
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    `<p>${escapeHtml(details)}${company ? `<br>${escapeHtml(company)}` : ''}</p>`,
    cancelled ? `<p>${escapeHtml(action)}</p>` : `<p><a href="${escapeHtml(input.roomUrl)}">Join the room</a> · ${escapeHtml(input.roomUrl)}</p>`,
    calendarNote ? `<p>${escapeHtml(calendarNote)}</p>` : '',
  ].join('');
  return { subject, text, html };
}
