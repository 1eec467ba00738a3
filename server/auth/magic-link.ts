/**
 * Delivers magic sign-in links through the one mail transport
 * (server/email/transport.ts). Without SMTP_URL the link goes to the server
 * log, so local development needs no mail server. Not through the outbox:
 * next-auth awaits the send and reports its failure to the person signing in.
 */
import { deliverMail, smtpConfigured } from '../email/transport';
import { log } from '../log';

export async function sendMagicLink({ identifier, url }: { identifier: string; url: string }): Promise<void> {
  if (!smtpConfigured()) {
    log.info(`Magic sign-in link for ${identifier} (SMTP_URL is unset, so it is logged instead of emailed):\n    ${url}`);
    return;
  }
  const host = new URL(url).host;
  await deliverMail(
    {
      to: identifier,
      subject: `Your Mockroom sign-in link`,
      text: `Sign in to Mockroom (${host}):\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask for it, ignore this email.`,
      html: `<p>Sign in to Mockroom (${host}):</p><p><a href="${url}">Sign in</a></p><p>The link works once and expires in 24 hours. If you did not ask for it, ignore this email.</p>`,
    },
    `Magic sign-in link for ${identifier}`,
  );
}
