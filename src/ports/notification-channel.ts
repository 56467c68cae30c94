/** What a channel needs to tell one person about one incident. Links carry signed tokens: never log them. */
export interface OutgoingNotification {
  orgId: string;
  notificationId: string;
  /** Where to send it, as stored on the notification (an e-mail address, a Slack user, a webhook URL…). */
  address: string;
  incident: {
    id: string;
    number: number;
    title: string;
    status: 'triggered' | 'acknowledged' | 'resolved';
    urgency: 'high' | 'low';
    serviceName: string;
    /** The incident in the web dashboard. */
    url: string;
  };
  recipient: { id: string; name: string };
  /** One-click links that act as the recipient, valid for a limited time. */
  actions: { acknowledge: string; resolve: string };
}

/**
 * One way of reaching a person (e-mail now; Slack, webhooks later). `type` matches the contact method's type
 * and the notification's channel. `send` resolves once the message is handed over and throws otherwise; the
 * delivery handler records either and the queue retries a throw with backoff.
 */
export interface NotificationChannel {
  readonly type: string;
  send(message: OutgoingNotification): Promise<{ detail: string }>;
}
