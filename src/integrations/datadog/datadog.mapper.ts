import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { fieldName } from '../../http/validation.ts';
import type { AcceptedEvent, Severity } from '../../modules/events/event.ts';
import { boundedKey, clip, httpImage, httpLink, isoTimestamp, presentLinks } from '../alert-fields.ts';

/** A template variable's value: Datadog sends strings; a hand-written template may leave numbers unquoted. */
const text = z
  .union([z.string().max(100_000), z.number(), z.boolean(), z.null()], { error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .transform((value) => (value === null ? '' : String(value).trim()))
  // A variable Datadog did not fill in (an unknown one stays "$NAME") says nothing.
  .transform((value) => (/^\$[A-Z_]+$/.test(value) ? '' : value));

/** Fields of Datadog's default webhook payload and of the template recommended in README.md. */
const datadogWebhook = z.object({
  title: text.refine((value) => value.length > 0, 'must not be empty'),
  body: text.optional(),
  id: text.optional(),
  date: text.optional(),
  last_updated: text.optional(),
  event_type: text.optional(),
  org: z.union([z.object({ id: text.optional(), name: text.optional() }), text]).optional(),
  alert_id: text.optional(),
  aggregate: text.optional(),
  alert_cycle_key: text.optional(),
  alert_transition: text.optional(),
  alert_type: text.optional(),
  alert_priority: text.optional(),
  alert_title: text.optional(),
  alert_status: text.optional(),
  alert_scope: text.optional(),
  alert_query: text.optional(),
  alert_metric: text.optional(),
  hostname: text.optional(),
  tags: text.optional(),
  link: text.optional(),
  snapshot: text.optional(),
});

type DatadogWebhook = z.infer<typeof datadogWebhook>;

const resolving = new Set(['recovered']);
const triggering = new Set(['triggered', 're-triggered', 'renotify', 'warn', 're-warn', 'no data', 're-no data']);
const severityByPriority: Record<string, Severity> = { p1: 'critical', p2: 'error', p3: 'warning', p4: 'info', p5: 'info' };
const severityByTransition: Record<string, Severity> = { warn: 'warning', 're-warn': 'warning', 'no data': 'error', 're-no data': 'error' };
const severityByAlertType: Record<string, Severity> = { error: 'critical', warning: 'warning', info: 'info', success: 'info' };

/** What a Datadog title's leading brackets say: `[P1] [Triggered on {host:web-3}] High CPU`. */
interface Title {
  priority?: string;
  transition?: string;
  scope?: string;
  name: string;
}

const PRIORITY_PREFIX = /^\[(P[1-5])\]\s*/i;
const TRANSITION_PREFIX = /^\[(Triggered|Re-Triggered|Recovered|Warn|Re-Warn|No Data|Re-No Data|Renotify)(?: on \{([^}]*)\})?\]\s*/i;

export function parseTitle(title: string): Title {
  const parsed: Title = { name: title };
  let rest = title.trim();
  for (;;) {
    const priority = parsed.priority ? null : PRIORITY_PREFIX.exec(rest);
    const transition = priority || parsed.transition ? null : TRANSITION_PREFIX.exec(rest);
    if (priority) parsed.priority = priority[1]!.toUpperCase();
    else if (transition) {
      parsed.transition = transition[1];
      if (transition[2]) parsed.scope = transition[2];
    } else break;
    rest = rest.slice((priority ?? transition)![0].length);
  }
  parsed.name = rest || title.trim();
  return parsed;
}

/**
 * A Datadog webhook → one alert event. The dedup key is the aggregation key when the template carries it
 * ($AGGREG_KEY), else the monitor id and scope, else the title without its transition prefix (default template).
 */
export function fromDatadogWebhook(body: unknown): AcceptedEvent {
  const parsed = datadogWebhook.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ field: fieldName(issue.path as PropertyKey[]), message: issue.message }));
    throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
  const hook = parsed.data;
  const title = parseTitle(hook.title);
  const transition = (hook.alert_transition || title.transition || '').toLowerCase();
  const alertType = (hook.alert_type ?? '').toLowerCase();
  const scope = hook.alert_scope || title.scope || '';
  const resolves = resolving.has(transition) || (!triggering.has(transition) && alertType === 'success');
  const priority = (hook.alert_priority || title.priority || '').toLowerCase();
  const severity = severityByPriority[priority] ?? severityByTransition[transition] ?? severityByAlertType[alertType] ?? 'critical';
  const summary = scope && !title.name.includes(scope) ? `${title.name} (${scope})` : title.name;
  const org = typeof hook.org === 'object' ? hook.org : { name: hook.org };
  return {
    kind: 'alert',
    action: resolves ? 'resolve' : 'trigger',
    dedupKey: dedupKeyOf(hook, title, scope),
    payload: {
      summary: clip(summary, 1024),
      source: clip(hook.hostname || hostInScope(scope) || org.name || 'datadog', 255),
      severity,
      timestamp: isoTimestamp(hook.date) ?? isoTimestamp(hook.last_updated),
      component: hook.alert_metric ? clip(hook.alert_metric, 255) : undefined,
      group: org.name ? clip(org.name, 255) : undefined,
      class: hook.event_type ? clip(hook.event_type, 255) : undefined,
      customDetails: details(hook, transition, scope),
      links: presentLinks([httpLink(hook.link, 'Datadog event'), httpLink(hook.snapshot, 'Snapshot')]),
      images: presentLinks([httpImage(hook.snapshot, 'Datadog snapshot', hook.link)]),
      client: 'Datadog',
      clientUrl: httpLink(hook.link, '')?.href,
    },
  };
}

function dedupKeyOf(hook: DatadogWebhook, title: Title, scope: string): string {
  if (hook.aggregate) return boundedKey(hook.aggregate);
  if (hook.alert_id) return boundedKey(scope ? `monitor:${hook.alert_id}:${scope}` : `monitor:${hook.alert_id}`);
  return boundedKey(scope ? `title:${title.name}|${scope}` : `title:${title.name}`);
}

function hostInScope(scope: string): string | undefined {
  return /(?:^|,)\s*host:([^,]+)/.exec(scope)?.[1]?.trim();
}

/** Datadog wraps markdown messages in %%% markers; what is left is what a responder reads. */
function messageText(body: string | undefined): string | undefined {
  if (!body) return undefined;
  return body.replace(/^%%%\s*\n?/, '').replace(/\n?\s*%%%\s*$/, '').trim();
}

function details(hook: DatadogWebhook, transition: string, scope: string): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [
    ['message', messageText(hook.body)],
    ['title', hook.title],
    ['transition', hook.alert_transition || (transition ? transition : undefined)],
    ['event_type', hook.event_type],
    ['alert_type', hook.alert_type],
    ['priority', hook.alert_priority],
    ['scope', scope || undefined],
    ['status', hook.alert_status],
    ['query', hook.alert_query],
    ['metric', hook.alert_metric],
    ['tags', hook.tags ? hook.tags.split(',').map((tag) => tag.trim()).filter(Boolean) : undefined],
    ['monitor_id', hook.alert_id],
    ['aggregation_key', hook.aggregate],
    ['alert_cycle_key', hook.alert_cycle_key],
    ['event_id', hook.id],
    ['org', hook.org],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== ''));
}
