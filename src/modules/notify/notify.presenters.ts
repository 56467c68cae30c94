import type { InferSelectModel } from 'drizzle-orm';
import type { contactMethods, mailOutbox, notificationAttempts, notificationRules, notifications } from './notify.tables.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentContactMethod(method: InferSelectModel<typeof contactMethods>) {
  return { id: method.id, user_id: method.userId, type: method.type, label: method.label, address: method.address, created_at: method.createdAt.toISOString() };
}

export function presentNotificationRule(rule: InferSelectModel<typeof notificationRules>) {
  return {
    id: rule.id,
    user_id: rule.userId,
    urgency: rule.urgency,
    contact_method_id: rule.contactMethodId,
    delay_minutes: rule.delayMinutes,
    created_at: rule.createdAt.toISOString(),
  };
}

/** One entry of an incident's delivery log: the notification, whom it was for, and each attempt to send it. */
export function presentDelivery(
  notification: InferSelectModel<typeof notifications>,
  user: { name: string; email: string } | null,
  attempts: InferSelectModel<typeof notificationAttempts>[],
) {
  return {
    id: notification.id,
    user: { id: notification.userId, name: user?.name ?? null, email: user?.email ?? null },
    channel: notification.channel,
    address: notification.address,
    level: notification.level,
    loop: notification.loop,
    status: notification.status,
    due_at: notification.dueAt.toISOString(),
    queued_at: iso(notification.queuedAt),
    sent_at: iso(notification.sentAt),
    last_error: notification.lastError,
    created_at: notification.createdAt.toISOString(),
    attempts: attempts.map((attempt) => ({ attempt: attempt.attempt, outcome: attempt.outcome, detail: attempt.detail, at: attempt.at.toISOString() })),
  };
}

export function presentMail(mail: InferSelectModel<typeof mailOutbox>) {
  return { id: mail.id, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers, created_at: mail.createdAt.toISOString() };
}
