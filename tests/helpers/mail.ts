/**
 * Reading what the server mailed: the .eml files of the dev mail folder
 * (server/email/transport.ts) or a message an SMTP server received, as MIME
 * parts, and their calendar part as a real iCalendar parse (ical.js).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { mailFolder } from '../../server/email/transport';

export interface MimePart {
  headers: Record<string, string>;
  /** The header's main value, lower-cased ("text/calendar"). */
  type: string;
  /** The decoded body of a leaf part. */
  body: string;
  parts: MimePart[];
}

function unfoldHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

function decode(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    default:
      return body;
  }
}

export function parseMime(raw: string): MimePart {
  const text = raw.replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const headers = unfoldHeaders(split < 0 ? text : text.slice(0, split));
  const body = split < 0 ? '' : text.slice(split + 2);
  const contentType = headers['content-type'] ?? 'text/plain';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const boundary = contentType.match(/boundary="?([^";]+)"?/i)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const chunks = body.split(`--${boundary}`).slice(1);
    const parts = chunks.filter((c) => !c.startsWith('--')).map((c) => parseMime(c.replace(/^\n/, '').replace(/\n$/, '')));
    return { headers, type, body: '', parts };
  }
  return { headers, type, body: decode(body, headers['content-transfer-encoding']), parts: [] };
}

export function leaves(part: MimePart): MimePart[] {
  return part.parts.length ? part.parts.flatMap(leaves) : [part];
}

export interface MailedMessage {
  file: string;
  to: string;
  subject: string;
  mime: MimePart;
  text: string;
  /** The text/calendar part with its METHOD parameter, if any. */
  calendar: { method: string | null; content: string } | null;
  /** The invite.ics attachment, if any. */
  attachment: string | null;
}

export function readMessage(raw: string, file = ''): MailedMessage {
  const mime = parseMime(raw);
  const all = leaves(mime);
  const calendarPart = all.find((p) => p.type === 'text/calendar');
  const attachment = all.find((p) => /attachment/i.test(p.headers['content-disposition'] ?? '') && /\.ics/i.test(p.headers['content-disposition'] ?? p.headers['content-type'] ?? ''));
  return {
    file,
    to: mime.headers.to ?? '',
    subject: mime.headers.subject ?? '',
    mime,
    text: all.find((p) => p.type === 'text/plain')?.body ?? '',
    calendar: calendarPart ? { method: calendarPart.headers['content-type']?.match(/method=([A-Z]+)/i)?.[1]?.toUpperCase() ?? null, content: calendarPart.body } : null,
    attachment: attachment?.body ?? null,
  };
}

/** Every .eml the server wrote under `<dataDir>/mail`, oldest first. */
export function readMailFolder(dataDir: string): MailedMessage[] {
  const folder = mailFolder(dataDir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readMessage(readFileSync(path.join(folder, f), 'utf8'), f));
}

export interface ParsedEvent {
  method: string | null;
  uid: string;
  sequence: number;
  status: string | null;
  start: Date;
  end: Date;
  /** DTSTART's TZID, or 'UTC' for a Z time. */
  tzid: string;
  url: string | null;
  location: string | null;
  organizer: string | null;
  attendees: string[];
}

/** Parses with ical.js, resolving TZIDs through the file's own VTIMEZONEs. */
export function parseCalendar(ics: string): ParsedEvent {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('No VEVENT in the calendar file');
  const event = new ICAL.Event(vevent);
  const dtstart = vevent.getFirstProperty('dtstart');
  return {
    method: (calendar.getFirstPropertyValue('method') as string | null) ?? null,
    uid: event.uid,
    sequence: event.sequence,
    status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    tzid: (dtstart?.getParameter('tzid') as string | undefined) ?? (event.startDate.zone?.tzid === 'UTC' ? 'UTC' : 'floating'),
    url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
    location: (vevent.getFirstPropertyValue('location') as string | null) ?? null,
    organizer: String(vevent.getFirstPropertyValue('organizer') ?? '') || null,
    attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, '').toLowerCase()),
  };
}
