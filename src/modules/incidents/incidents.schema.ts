import { z } from 'zod';
import { inStoreRange, pageQuery } from '../../http/validation.ts';
import { severities } from '../events/event.ts';

const statuses = ['triggered', 'acknowledged', 'resolved'] as const;

/** `a,b,c` query values, each checked against `allowed`. */
function csv<T extends string>(allowed: readonly T[]) {
  return z
    .string()
    .max(500)
    .transform((value, context) => {
      // An issue, not a throw: Fastify turns anything a validator throws into a 500.
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      const unknown = items.find((item) => !allowed.includes(item as T));
      if (unknown !== undefined) {
        context.addIssue({ code: 'custom', message: `${JSON.stringify(unknown)} is not one of ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return items as T[];
    })
    .optional();
}

const uuidList = z
  .string()
  .max(37 * 50)
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
  .pipe(z.array(z.uuid('must be a comma-separated list of ids')).max(50))
  .optional();

const isoDate = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
  .refine((value) => Number.isNaN(Date.parse(value)) || inStoreRange(new Date(value)), 'must be a date-time between the years 1 and 9999');

export const incidentListQuery = z.strictObject({
  ...pageQuery,
  status: csv(statuses),
  severity: csv(severities),
  service_id: uuidList,
  since: isoDate.optional().describe('Created at or after'),
  until: isoDate.optional().describe('Created before'),
});

export const incidentView = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(statuses),
  severity: z.enum(severities),
  urgency: z.enum(['high', 'low']).describe('Which of the assignees\' notification rules page for it'),
  service_id: z.uuid(),
  alert_count: z.number().int(),
  open_alert_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
  acknowledged_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
});

const alertView = z.object({
  id: z.uuid(),
  incident_id: z.uuid(),
  integration_id: z.uuid(),
  dedup_key: z.string(),
  status: z.enum(statuses),
  summary: z.string(),
  severity: z.enum(severities),
  source: z.string(),
  component: z.string().nullable(),
  group: z.string().nullable(),
  class: z.string().nullable(),
  custom_details: z.unknown(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
  images: z.array(z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() })),
  client: z.string().nullable(),
  client_url: z.string().nullable(),
  event_count: z.number().int(),
  created_at: z.string(),
  last_event_at: z.string(),
  acknowledged_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
});

export const logEntryView = z.object({
  id: z.number(),
  type: z.string(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  message: z.string(),
  alert_id: z.string().nullable(),
  created_at: z.string(),
});

export const incidentDetailView = incidentView.extend({ alerts: z.array(alertView), timeline: z.array(logEntryView) });

export const newIncidentBody = z.strictObject({
  service_id: z.uuid(),
  title: z.string().trim().min(1).max(1024),
  severity: z.enum(severities).default('critical'),
  urgency: z.enum(['high', 'low']).optional().describe("Default: from the service's urgency rule"),
  details: z.string().max(10_000).optional(),
});

export const noteBody = z.strictObject({ text: z.string().trim().min(1).max(10_000) });
