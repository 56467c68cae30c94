import type { Deps } from '../app/deps.ts';
import type { Mailer } from '../ports/mailer.ts';
import { createOutboxMailer } from './mail-outbox/outbox.mailer.ts';
import { createSmtpMailer } from './smtp/smtp.mailer.ts';

/** SMTP when SMTP_URL is set, else the mail outbox: the one place that chooses. */
export function openMailer(deps: Pick<Deps, 'config' | 'store' | 'clock' | 'log'>): Mailer {
  if (deps.config.SMTP_URL) return createSmtpMailer({ url: deps.config.SMTP_URL, from: deps.config.MAIL_FROM, log: deps.log });
  return createOutboxMailer(deps.store, deps.clock, deps.log);
}
