import { createHash } from 'node:crypto';
import type { AcceptedEvent, EventLink, Severity } from '../../modules/events/event.ts';
import type { WebhookAlert, WebhookPayload } from './alertmanager.schema.ts';

const SUMMARY_LIMIT = 1024;
const SHORT_FIELD_LIMIT = 255;

/** `severity` label values as teams write them, lower-cased. Anything else gets the integration's default. */
const severityByLabel: Record<string, Severity> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  error: 'error',
  err: 'error',
  high: 'error',
  major: 'error',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  info: 'info',
  informational: 'info',
  low: 'info',
  none: 'info',
};

export function severityOf(label: string | undefined, fallback: Severity): Severity {
  if (label === undefined) return fallback;
  return severityByLabel[label.trim().toLowerCase()] ?? fallback;
}

/**
 * The alert's identity when Alertmanager sent no fingerprint (older releases, or a hand-made payload): a hash
 * of its labels in name order, so the same label set always gets the same key.
 */
export function labelsFingerprint(labels: Record<string, string>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return `labels:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 32)}`;
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value.trim() : undefined);

/** Labels that say which alert it is, beyond its name (and its severity, shown on its own). */
function keyLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .filter((name) => name !== 'alertname' && name !== 'severity')
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(', ');
}

function summaryOf(alert: WebhookAlert): string {
  const annotations = alert.annotations ?? {};
  const given = nonEmpty(annotations['summary']) ?? nonEmpty(annotations['description']) ?? nonEmpty(annotations['message']);
  if (given) return truncate(given, SUMMARY_LIMIT);
  const name = nonEmpty(alert.labels['alertname']) ?? 'Alertmanager alert';
  const rest = keyLabels(alert.labels);
  return truncate(rest ? `${name} (${rest})` : name, SUMMARY_LIMIT);
}

/** Only web links are shown as links: a `javascript:` URL in a payload must not become one. */
function webLink(href: string | undefined, text: string): EventLink[] {
  if (!href) return [];
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? [{ href, text }] : [];
  } catch {
    return [];
  }
}

function hostOf(href: string | undefined): string | undefined {
  try {
    return href ? new URL(href).host || undefined : undefined;
  } catch {
    return undefined;
  }
}

const short = (value: string | undefined) => (nonEmpty(value) === undefined ? undefined : truncate(value!.trim(), SHORT_FIELD_LIMIT));

/**
 * One event per alert of a validated webhook payload: `firing` triggers and `resolved` resolves the alert
 * whose dedup key is its fingerprint.
 */
export function fromWebhookPayload(payload: WebhookPayload, defaultSeverity: Severity): AcceptedEvent[] {
  const externalLinks = webLink(payload.externalURL, 'Alertmanager');
  // The alerts of a group mostly share one generator URL: parse each once.
  const generatorLinks = new Map<string, EventLink[]>();
  const generatorLink = (href: string | undefined) => {
    if (!href) return [];
    let links = generatorLinks.get(href);
    if (!links) generatorLinks.set(href, (links = webLink(href, 'Source (generator)')));
    return links.map((link) => ({ ...link }));
  };
  return payload.alerts.map((alert): AcceptedEvent => {
    const labels = alert.labels;
    return {
      kind: 'alert',
      action: alert.status === 'firing' ? 'trigger' : 'resolve',
      dedupKey: alert.fingerprint ?? labelsFingerprint(labels),
      payload: {
        summary: summaryOf(alert),
        source: short(labels['instance']) ?? short(labels['job']) ?? hostOf(payload.externalURL) ?? 'Alertmanager',
        severity: severityOf(labels['severity'], defaultSeverity),
        timestamp: new Date(alert.startsAt).toISOString(),
        component: short(labels['service']) ?? short(labels['component']),
        group: short(labels['job']),
        class: short(labels['alertname']),
        customDetails: {
          status: alert.status,
          labels,
          annotations: alert.annotations ?? {},
          startsAt: alert.startsAt,
          ...(alert.endsAt !== undefined && { endsAt: alert.endsAt }),
          ...(alert.fingerprint !== undefined && { fingerprint: alert.fingerprint }),
          ...(payload.groupKey !== undefined && { groupKey: payload.groupKey }),
          ...(payload.receiver !== undefined && { receiver: payload.receiver }),
        },
        links: [...generatorLink(alert.generatorURL), ...externalLinks.map((link) => ({ ...link }))],
        images: [],
        client: 'Alertmanager',
        ...(externalLinks.length > 0 && { clientUrl: payload.externalURL }),
      },
    };
  });
}
