/** One e-mail. `orgId` says whose it is: the outbox mailer stores it for that organisation's admins. */
export interface Mail {
  orgId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/**
 * Sends e-mail: over SMTP when SMTP_URL is set, else into the log and the mail outbox table. Resolving means
 * the mail was handed over (accepted by the SMTP server, or stored); throwing means it was not.
 */
export interface Mailer {
  /** What it is, for logs and the delivery log: `smtp` or `outbox`. */
  readonly kind: string;
  send(mail: Mail): Promise<{ messageId: string }>;
}
