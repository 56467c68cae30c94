import { z } from 'zod';
import { pageQuery } from '../../http/validation.ts';
import { WEBHOOK_EVENT_TYPES } from './webhooks.policy.ts';

const eventTypes = z
  .array(z.enum(['*', ...WEBHOOK_EVENT_TYPES]))
  .min(1, 'must name at least one event type, or "*" for all')
  .max(WEBHOOK_EVENT_TYPES.length + 1)
  .transform((types) => (types.includes('*') ? ['*'] : [...new Set(types)]))
  .describe(`Event types to deliver: any of ${WEBHOOK_EVENT_TYPES.join(', ')}; or ["*"] for all`);

const url = z.string().trim().min(1).max(2048).describe('Where to POST: an absolute http:// or https:// URL, without credentials');
const description = z.string().max(2000);
const allowPrivateNetwork = z.boolean().describe('Allow private, loopback and link-local destinations (turns the SSRF guard off for this subscription)');

export const newWebhookBody = z.strictObject({
  url,
  description: description.optional(),
  event_types: eventTypes,
  enabled: z.boolean().optional(),
  allow_private_network: allowPrivateNetwork.optional(),
});

export const webhookChangesBody = z
  .strictObject({
    url: url.optional(),
    description: description.optional(),
    event_types: eventTypes.optional(),
    enabled: z.boolean().optional().describe('false pauses deliveries; true re-enables a subscription disabled for failing'),
    allow_private_network: allowPrivateNetwork.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const webhookView = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  event_types: z.array(z.string()),
  enabled: z.boolean(),
  allow_private_network: z.boolean(),
  disabled_at: z.string().nullable().describe('When it was disabled (by an admin, or automatically after failing)'),
  disabled_reason: z.string().nullable(),
  failing_since: z.string().nullable().describe('First failed attempt with no successful one since; 5 days of this disables it'),
  previous_secret_expires_at: z.string().nullable().describe('After a rotation the previous secret also signs until then'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const webhookWithSecretView = webhookView.extend({
  secret: z.string().describe('The signing secret (whsec_…): shown this once; keep it where the receiver can read it'),
});

export const webhookListQuery = z.strictObject(pageQuery);

export const deliveryListQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
});

export const deliveryParams = z.strictObject({ id: z.uuid(), deliveryId: z.uuid() });

const attemptView = z.object({
  attempt: z.number().int(),
  trigger: z.enum(['scheduled', 'manual']),
  succeeded: z.boolean(),
  status_code: z.number().int().nullable(),
  response_body: z.string().nullable().describe('The first 2 KB of what the receiver answered'),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
  at: z.string(),
});

export const deliveryView = z.object({
  id: z.uuid().describe('Also the webhook-id header of every attempt'),
  subscription_id: z.uuid(),
  event_id: z.string().describe('The domain event delivered'),
  event_type: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempt_count: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()).describe('The body POSTed'),
  attempts: z.array(attemptView).describe('Oldest first'),
});
