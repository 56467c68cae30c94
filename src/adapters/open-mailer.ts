import type { Deps } from '../app/deps.ts';
import type { Mailer } from '../ports/mailer.ts';
import { createOutboxMailer } from './mail-outbox/outbox.mailer.ts';

/**
 * SMTP when SMTP_URL is set, else the mail outbox: the one place that chooses. nodemailer is loaded with the
 * first mail, so a process that sends none (an `api`, the embedded default) never loads it.
 */
export function openMailer(deps: Pick<Deps, 'config' | 'store' | 'clock' | 'log'>): Mailer {
  const url = deps.config.SMTP_URL;
  if (!url) return createOutboxMailer(deps.store, deps.clock, deps.log);
  let smtp: Promise<Mailer> | undefined;
  const load = () => (smtp ??= import('./smtp/smtp.mailer.ts').then(({ createSmtpMailer }) => createSmtpMailer({ url, from: deps.config.MAIL_FROM, log: deps.log })));
  return { kind: 'smtp', send: async (mail) => (await load()).send(mail) };
}
