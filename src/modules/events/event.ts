/** What Vigil knows of an event once it is accepted, whichever integration sent it. */
export const severities = ['critical', 'error', 'warning', 'info'] as const;
export type Severity = (typeof severities)[number];

export const alertActions = ['trigger', 'acknowledge', 'resolve'] as const;
type AlertAction = (typeof alertActions)[number];

export interface EventLink {
  href: string;
  text?: string;
}
export interface EventImage {
  src: string;
  href?: string;
  alt?: string;
}

/** The normalised payload stored with an alert event (trigger, acknowledge or resolve). */
export interface AlertEventPayload {
  summary?: string;
  source?: string;
  severity?: Severity;
  timestamp?: string;
  component?: string;
  group?: string;
  class?: string;
  customDetails?: unknown;
  links: EventLink[];
  images: EventImage[];
  client?: string;
  clientUrl?: string;
}

export interface ChangeEventPayload {
  summary: string;
  source?: string;
  timestamp?: string;
  customDetails?: unknown;
  links: EventLink[];
}

export type StoredEventPayload = AlertEventPayload | ChangeEventPayload;

/** An event ready to be written: the integration is known, so is its organisation and service. */
export type AcceptedEvent =
  | { kind: 'alert'; action: AlertAction; dedupKey: string; payload: AlertEventPayload }
  /** A change's dedup key is the sender's id of it (a GitHub delivery id): the fold records each key once. */
  | { kind: 'change'; action: 'change'; dedupKey: string | null; payload: ChangeEventPayload };

const severityRank: Record<Severity, number> = { critical: 4, error: 3, warning: 2, info: 1 };

export function higherSeverity(a: Severity, b: Severity): Severity {
  return severityRank[a] >= severityRank[b] ? a : b;
}
