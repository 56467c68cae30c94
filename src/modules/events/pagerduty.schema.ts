import { z } from 'zod';
import { inStoreRange } from '../../http/validation.ts';
import { alertActions, severities } from './event.ts';

/** PagerDuty Events API v2 field rules, as its documentation states them. */
const timestamp = z
  .string()
  .max(64)
  .refine((value) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time')
  // A change event's timestamp becomes a timestamptz: one the store refuses would be set aside after its 202.
  .refine((value) => Number.isNaN(Date.parse(value)) || inStoreRange(new Date(value)), 'must be a date-time between the years 1 and 9999');
const url = z.string().min(1).max(2048);
const link = z.strictObject({ href: url, text: z.string().max(1024).optional() });
const image = z.strictObject({ src: url, href: url.optional(), alt: z.string().max(1024).optional() });
const routingKey = z.string().min(1).max(64);

const triggerPayload = z.strictObject({
  summary: z.string().min(1).max(1024),
  source: z.string().min(1).max(255),
  severity: z.enum(severities),
  timestamp: timestamp.optional(),
  component: z.string().max(255).optional(),
  group: z.string().max(255).optional(),
  class: z.string().max(255).optional(),
  custom_details: z.unknown().optional(),
});

export const enqueueBody = z
  .strictObject({
    routing_key: routingKey,
    event_action: z.enum(alertActions),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: z.record(z.string(), z.unknown()).optional().describe('Required for trigger: summary, source and severity'),
    images: z.array(image).max(100).optional(),
    links: z.array(link).max(100).optional(),
    client: z.string().max(255).optional(),
    client_url: url.optional(),
  })
  .superRefine((event, context) => {
    if (event.event_action === 'trigger') {
      if (event.payload === undefined) {
        context.addIssue({ code: 'custom', path: ['payload'], message: 'is required when event_action is trigger' });
        return;
      }
      const payload = triggerPayload.safeParse(event.payload);
      if (!payload.success) {
        for (const issue of payload.error.issues) context.addIssue({ code: 'custom', path: ['payload', ...issue.path], message: issue.message });
      }
    } else if (event.dedup_key === undefined) {
      context.addIssue({ code: 'custom', path: ['dedup_key'], message: `is required when event_action is ${event.event_action}` });
    }
  });

export type EnqueueBody = z.infer<typeof enqueueBody>;
export type TriggerPayload = z.infer<typeof triggerPayload>;

export const changeEnqueueBody = z.strictObject({
  routing_key: routingKey,
  payload: z.strictObject({
    summary: z.string().min(1).max(1024),
    timestamp: timestamp.optional(),
    source: z.string().max(255).optional(),
    custom_details: z.unknown().optional(),
  }),
  links: z.array(link).max(100).optional(),
});

export type ChangeEnqueueBody = z.infer<typeof changeEnqueueBody>;

export const enqueueAccepted = z.object({ status: z.literal('success'), message: z.string(), dedup_key: z.string() });
export const changeAccepted = z.object({ status: z.literal('success'), message: z.string() });
export const pagerDutyError = z.object({ status: z.string(), message: z.string(), errors: z.array(z.string()) });
