import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
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
      const messageId = `<${randomUUID()}@vigil.outbox>`;
      // One statement, no transaction around it: under an alert storm every mail pays this round trip.
      await store.writeStatement(
        sql`insert into mail_outbox (org_id, "to", subject, text, html, headers, created_at)
            values (${mail.orgId}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html}, ${JSON.stringify({ ...mail.headers, 'Message-ID': messageId })}::jsonb, ${clock.now().toISOString()}::timestamptz)`,
      );
      mailLog.info({ orgId: mail.orgId, to: mail.to, subject: mail.subject, messageId }, 'mail stored in the mail outbox (SMTP_URL is unset)');
      return { messageId };
    },
  };
}
