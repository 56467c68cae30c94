import type { Mailer } from '../../ports/mailer.ts';
import type { NotificationChannel, OutgoingNotification } from '../../ports/notification-channel.ts';
import { renderIncidentEmail } from './email.render.ts';

/** Notifications by e-mail, on whichever Mailer the composition root chose (SMTP or the mail outbox). */
export class EmailChannel implements NotificationChannel {
  readonly type = 'email';

  constructor(private readonly mailer: Mailer) {}

  async send(message: OutgoingNotification): Promise<{ detail: string }> {
    const mail = renderIncidentEmail(message);
    const { messageId } = await this.mailer.send({ orgId: message.orgId, to: message.address, ...mail });
    const where = this.mailer.kind === 'outbox' ? 'stored in the mail outbox' : `handed to ${this.mailer.kind}`;
    return { detail: `E-mail ${where} as ${messageId}` };
  }
}
