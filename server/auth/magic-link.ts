/**
 * Delivers magic sign-in links. With SMTP_URL set they are emailed; without it
 * the link goes to the server log so local development needs no mail server.
 */
import { createTransport } from 'nodemailer';
import { getEnv } from '../env';
import { log } from '../log';

export async function sendMagicLink({ identifier, url }: { identifier: string; url: string }): Promise<void> {
  const env = getEnv();
  if (!env.SMTP_URL) {
    log.info(`Magic sign-in link for ${identifier} (SMTP_URL is unset, so it is logged instead of emailed):\n    ${url}`);
    return;
  }
  const transport = createTransport(env.SMTP_URL);
  const host = new URL(url).host;
  const result = await transport.sendMail({
    to: identifier,
    from: env.EMAIL_FROM,
    subject: `Your Mockroom sign-in link`,
    text: `Sign in to Mockroom (${host}):\n${url}\n\nThe link works once and expires in 24 hours. If you did not ask for it, ignore this email.`,
    html: `<p>Sign in to Mockroom (${host}):</p><p><a href="${url}">Sign in</a></p><p>The link works once and expires in 24 hours. If you did not ask for it, ignore this email.</p>`,
  });
  const failed = [...(result.rejected ?? []), ...(result.pending ?? [])];
  if (failed.length > 0) throw new Error(`Mail server refused the sign-in email for ${failed.join(', ')}`);
}
