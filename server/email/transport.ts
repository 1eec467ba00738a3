/**
 * The one way mail leaves Mockroom. With SMTP_URL set it goes to that server
 * (nodemailer). Without it, local development needs no mail server: each
 * message is summarised in the server log and written whole, as the MIME
 * message SMTP would have carried (.ics included), to an .eml file under
 * DATA_DIR/mail, which any mail client opens and the e2e tests read.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { getEnv, getRuntime } from '../env';
import { log } from '../log';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** An iCalendar object, sent as a text/calendar part with its METHOD and as an invite.ics attachment. */
  calendar?: { content: string; method: 'REQUEST' | 'CANCEL' };
}

export interface Delivery {
  via: 'smtp' | 'mail-folder';
  /** The .eml written, without SMTP. */
  file?: string;
}

/** Where the dev email log writes .eml files: `<DATA_DIR>/mail`. Tests pass the data dir they started the server with. */
export function mailFolder(dataDir: string = getRuntime().dataDir): string {
  return path.join(dataDir, 'mail');
}

const holder = globalThis as typeof globalThis & { __mockroomSmtp?: { url: string; transport: Transporter } };

function smtpTransport(url: string): Transporter {
  if (holder.__mockroomSmtp?.url !== url) holder.__mockroomSmtp = { url, transport: createTransport(url) };
  return holder.__mockroomSmtp.transport;
}

function envelope(message: MailMessage) {
  return {
    to: message.to,
    from: getEnv().EMAIL_FROM,
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(message.calendar && { icalEvent: { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content } }),
  };
}

/**
 * Sends one message; throws when the mail server refuses it (the caller
 * decides whether to retry). `summary` is the log line without SMTP.
 */
export async function deliverMail(message: MailMessage, summary: string): Promise<Delivery> {
  const env = getEnv();
  if (env.SMTP_URL) {
    const result = await smtpTransport(env.SMTP_URL).sendMail(envelope(message));
    const failed = [...(result.rejected ?? []), ...(result.pending ?? [])];
    if (failed.length > 0) throw new Error(`Mail server refused the email for ${failed.map(String).join(', ')}`);
    return { via: 'smtp' };
  }
  const built = await createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(envelope(message));
  const folder = mailFolder();
  await mkdir(folder, { recursive: true });
  // Sortable by time; the random tail keeps two in one millisecond apart.
  const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
  await writeFile(file, built.message as Buffer);
  log.info(`${summary} (SMTP_URL is unset: written to ${file})`);
  return { via: 'mail-folder', file };
}

export function smtpConfigured(): boolean {
  return Boolean(getEnv().SMTP_URL);
}

/** Said once at boot, so a developer knows where the mail goes. */
export function describeMailTransport(): string {
  return getEnv().SMTP_URL ? 'email: SMTP (SMTP_URL)' : `email: SMTP_URL is unset, so emails are logged and written to ${mailFolder()}`;
}
