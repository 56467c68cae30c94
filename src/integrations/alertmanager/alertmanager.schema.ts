import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { inStoreRange } from '../../http/validation.ts';
import { severities } from '../../modules/events/event.ts';

/**
 * Alertmanager's webhook payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Fields Alertmanager may add in later releases are let through and ignored; the ones we read must have the
 * documented types, so a payload from something else is refused with the field named.
 */
const dateTime = z
  .string()
  .max(64)
  .superRefine((value, context) => {
    const time = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) context.addIssue({ code: 'custom', message: 'must be an RFC 3339 date-time' });
    else if (!inStoreRange(new Date(time))) context.addIssue({ code: 'custom', message: 'must be a date-time between the years 1 and 9999' });
  });

const labelSet = z.record(z.string().max(1024), z.string().max(65_536));

const webhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.optional(),
  startsAt: dateTime,
  endsAt: dateTime.optional(),
  generatorURL: z.string().max(4096).optional(),
  fingerprint: z.string().min(1).max(255).optional(),
});

const webhookPayload = z.object({
  version: z.literal('4', { error: 'must be "4" (the Alertmanager webhook payload version this integration reads)' }),
  groupKey: z.string().max(65_536).optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().max(1024).optional(),
  groupLabels: labelSet.optional(),
  commonLabels: labelSet.optional(),
  commonAnnotations: labelSet.optional(),
  externalURL: z.string().max(4096).optional(),
  alerts: z.array(webhookAlert).min(1, 'must hold at least one alert'),
});

export type WebhookPayload = z.infer<typeof webhookPayload>;
export type WebhookAlert = WebhookPayload['alerts'][number];

/** `alerts[3].labels.severity`: where a problem is, in the words of the payload. */
function fieldPath(path: readonly PropertyKey[]): string {
  let field = '';
  for (const part of path) {
    if (typeof part === 'number') field += `[${part}]`;
    else if (/^[A-Za-z_][\w]*$/.test(String(part))) field += field === '' ? String(part) : `.${String(part)}`;
    else field += `[${JSON.stringify(String(part))}]`;
  }
  return field === '' ? 'body' : field;
}

/** Validates a posted body, or throws a 400 naming every field that is wrong (at most 20 of them). */
export function parseWebhookPayload(body: unknown, contentType = 'application/json'): WebhookPayload {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (body === undefined || !(type === 'application/json' || /^application\/[\w.+-]*\+json$/.test(type))) throw new AppError('unsupported_media_type', 'Alertmanager webhooks are JSON: send Content-Type: application/json.', [{ field: 'content-type', message: 'must be application/json' }]);
  const parsed = webhookPayload.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.slice(0, 20).map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
  throw new AppError('validation_failed', `Not an Alertmanager webhook payload (version 4): ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
}

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2048)
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '';
  }, 'must not hold credentials: set api_username and api_password (or api_token) instead')
  .transform((value) => value.replace(/\/+$/, ''));

/** The alertmanager integration's settings. `api_token` and `api_password` are sealed at rest. */
export const alertmanagerSettings = z
  .strictObject({
    default_severity: z.enum(severities).default('error').describe('Severity of alerts without a severity label Vigil knows'),
    alertmanager_url: httpUrl.optional().describe("Alertmanager's base URL, for silences (e.g. http://alertmanager:9093)"),
    silence_on_acknowledge: z.boolean().default(false).describe("Acknowledging an incident silences its alerts in Alertmanager; resolving expires the silences"),
    silence_hours: z.number().int().min(1).max(24 * 30).default(24).describe('How long a silence lasts unless the incident resolves first'),
    silence_check_seconds: z
      .number()
      .int()
      .min(2)
      .max(3600)
      .default(60)
      .describe('While its alerts are silenced Alertmanager sends no resolution: how often Vigil asks it whether they still fire'),
    api_token: z.string().min(1).max(4096).optional().describe('Bearer token for Alertmanager (behind a proxy that checks one)'),
    api_username: z.string().min(1).max(256).optional().describe('Basic auth user for Alertmanager'),
    api_password: z.string().min(1).max(4096).optional().describe('Basic auth password for Alertmanager'),
  })
  .superRefine((settings, context) => {
    if (settings.silence_on_acknowledge && !settings.alertmanager_url) {
      context.addIssue({ code: 'custom', path: ['alertmanager_url'], message: 'is required when silence_on_acknowledge is true' });
    }
    if (settings.api_token && (settings.api_username || settings.api_password)) {
      context.addIssue({ code: 'custom', path: ['api_token'], message: 'cannot be set with api_username/api_password: choose one way to authenticate' });
    }
    if (Boolean(settings.api_username) !== Boolean(settings.api_password)) {
      context.addIssue({ code: 'custom', path: [settings.api_username ? 'api_password' : 'api_username'], message: 'is required with its pair (api_username and api_password go together)' });
    }
  });

export const secretSettings = ['api_token', 'api_password'] as const;
