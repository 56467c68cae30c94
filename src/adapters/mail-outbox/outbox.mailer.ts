import type { Logger } from 'pino';
import { mailOutbox } from '../../modules/notify/notify.tables.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Mail, Mailer } from '../../ports/mailer.ts';
import type { Store } from '../../ports/store.ts';

/**
 * The embedded default when no SMTP server is configured: each mail is stored in the mail outbox, where the
 * organisation's admins read it (GET /api/v1/mail-outbox), and announced in the log by recipient and subject
 * only: its body holds one-click links that act as the recipient.
 */
export function createOutboxMailer(store: Store, clock: Clock, log: Logger): Mailer {
  const mailLog = log.child({ component: 'mailer', mailer: 'outbox' });
  return {
    kind: 'outbox',
    async send(mail: Mail) {
      const [row] = await store.write((tx) =>
        tx
          .insert(mailOutbox)
          .values({ orgId: mail.orgId, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers ?? {}, createdAt: clock.now() })
          .returning({ id: mailOutbox.id }),
      );
      const messageId = `outbox-${row!.id}`;
      mailLog.info({ orgId: mail.orgId, to: mail.to, subject: mail.subject, messageId }, 'mail stored in the mail outbox (SMTP_URL is unset)');
      return { messageId };
    },
  };
}
