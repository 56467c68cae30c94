import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Mail, Mailer } from '../../ports/mailer.ts';

export interface SmtpMailerOptions {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
  url: string;
  from: string;
  log: Logger;
  /** Milliseconds; a dead server must fail the attempt so the queue retries, not hold it forever. */
  timeoutMs?: number;
}

/**
 * Sends over SMTP with nodemailer, one connection per mail: pages are few and bursty, and a connection that
 * cannot go stale needs no pool to close at shutdown. The URL carries credentials: only its host is logged.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    logger: false,
    debug: false,
  });
  const server = new URL(options.url).host;
  const log = options.log.child({ component: 'mailer', mailer: 'smtp', smtpHost: server });
  return {
    kind: 'smtp',
    async send(mail: Mail) {
      const info = await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers ?? {} });
      log.info({ orgId: mail.orgId, to: mail.to, subject: mail.subject, messageId: info.messageId }, 'mail sent');
      return { messageId: info.messageId };
    },
  };
}
