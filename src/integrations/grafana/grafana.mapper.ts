import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { fieldName } from '../../http/validation.ts';
import type { AcceptedEvent, Severity } from '../../modules/events/event.ts';
import { boundedKey, clip, httpImage, httpLink, isoTimestamp, presentLinks, severityFromWord } from '../alert-fields.ts';

const stringMap = z.record(z.string(), z.string());
const url = z.string().max(2048);

/** One alert of Grafana's unified alerting webhook (Alertmanager's shape plus Grafana's URLs and values). */
const grafanaAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: stringMap.default({}),
  annotations: stringMap.default({}),
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  generatorURL: url.optional(),
  fingerprint: z.string().min(1).max(255),
  silenceURL: url.optional(),
  dashboardURL: url.optional(),
  panelURL: url.optional(),
  imageURL: url.optional(),
  values: z.record(z.string(), z.unknown()).nullable().optional(),
  valueString: z.string().max(65_536).optional(),
});

const grafanaWebhook = z.object({
  receiver: z.string().max(1024).optional(),
  status: z.string().max(64).optional(),
  orgId: z.number().optional(),
  alerts: z.array(grafanaAlert).min(1).max(10_000),
  groupLabels: stringMap.optional(),
  commonLabels: stringMap.optional(),
  commonAnnotations: stringMap.optional(),
  externalURL: url.optional(),
  version: z.string().max(16).optional(),
  groupKey: z.string().max(65_536).optional(),
  title: z.string().max(65_536).optional(),
  message: z.string().max(1_000_000).optional(),
});

type GrafanaWebhook = z.infer<typeof grafanaWebhook>;
type GrafanaAlert = z.infer<typeof grafanaAlert>;

/** What is done when an alert has no `severity` label (or one naming no severity). */
export const GRAFANA_DEFAULT_SEVERITY: Severity = 'critical';

/**
 * Grafana's alerting webhook → one event per alert: dedup by its fingerprint, `firing` triggers and `resolved`
 * resolves. Throws a 400 naming the field for a body that is not Grafana's (legacy alerting included).
 */
export function fromGrafanaWebhook(body: unknown, defaultSeverity: Severity = GRAFANA_DEFAULT_SEVERITY): AcceptedEvent[] {
  if (body !== null && typeof body === 'object' && 'evalMatches' in body && !('alerts' in body)) {
    throw new AppError('validation_failed', 'alerts: is required; this is a legacy Grafana alerting payload. Use a contact point of Grafana unified alerting (Grafana 8 and later).', [
      { field: 'alerts', message: 'is required (legacy alerting payloads are not accepted)' },
    ]);
  }
  const parsed = grafanaWebhook.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ field: fieldName(issue.path as PropertyKey[]), message: issue.message }));
    throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
  const webhook = parsed.data;
  return webhook.alerts.map((alert) => toEvent(webhook, alert, defaultSeverity));
}

function toEvent(webhook: GrafanaWebhook, alert: GrafanaAlert, defaultSeverity: Severity): AcceptedEvent {
  const { labels, annotations } = alert;
  const summary =
    annotations['summary'] || annotations['title'] || (webhook.alerts.length === 1 && webhook.title) || [labels['alertname'], labels['instance']].filter(Boolean).join(' on ') || `Grafana alert ${alert.fingerprint}`;
  const firing = alert.status === 'firing';
  return {
    kind: 'alert',
    action: firing ? 'trigger' : 'resolve',
    dedupKey: boundedKey(alert.fingerprint),
    payload: {
      summary: clip(summary, 1024),
      source: clip(labels['instance'] || labels['host'] || labels['hostname'] || hostOf(alert.generatorURL) || 'grafana', 255),
      severity: severityFromWord(labels['severity']) ?? defaultSeverity,
      timestamp: isoTimestamp(firing ? alert.startsAt : alert.endsAt) ?? isoTimestamp(alert.startsAt),
      component: labels['job'] ? clip(labels['job'], 255) : undefined,
      group: labels['grafana_folder'] ? clip(labels['grafana_folder'], 255) : undefined,
      class: labels['alertname'] ? clip(labels['alertname'], 255) : undefined,
      customDetails: {
        status: alert.status,
        labels,
        annotations,
        ...(alert.values && { values: alert.values }),
        ...(alert.valueString && { value_string: alert.valueString }),
        starts_at: alert.startsAt,
        ...(isoTimestamp(alert.endsAt) && { ends_at: alert.endsAt }),
      },
      links: presentLinks([
        httpLink(alert.generatorURL, 'Alert rule'),
        httpLink(alert.dashboardURL, 'Dashboard'),
        httpLink(alert.panelURL, 'Panel'),
        httpLink(alert.silenceURL, 'Silence'),
        httpLink(annotations['runbook_url'], 'Runbook'),
      ]),
      images: presentLinks([httpImage(alert.imageURL, summary.slice(0, 255), alert.panelURL || alert.dashboardURL)]),
      client: 'Grafana',
      clientUrl: webhook.externalURL && httpLink(webhook.externalURL, '')?.href,
    },
  };
}

function hostOf(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href).hostname || undefined;
  } catch {
    return undefined;
  }
}
