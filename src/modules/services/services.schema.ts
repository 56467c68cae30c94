import { z } from 'zod';
import { inStoreRange, pageQuery } from '../../http/validation.ts';

export const serviceView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['active', 'disabled']),
  escalation_policy_id: z.uuid().nullable(),
  team_id: z.uuid().nullable().describe('The team that owns it'),
  urgency: z.enum(['high', 'low', 'severity_based']),
  open_incidents: z.object({ triggered: z.number().int(), acknowledged: z.number().int() }).describe('Its incidents open now'),
  last_event_at: z.string().nullable().describe('When its newest event (kept for VIGIL_EVENT_RETENTION_DAYS) was received; null if none'),
  maintenance_until: z.string().nullable().describe('End of the maintenance window in force now (its triggers open no incident); null when none is'),
  created_at: z.string(),
  updated_at: z.string(),
});

const urgencyRule = z.enum(['high', 'low', 'severity_based']).describe('high, low, or severity_based (critical and error are high urgency)');

export const newServiceBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  escalation_policy_id: z.uuid().nullable().optional(),
  team_id: z.uuid().nullable().optional(),
  urgency: urgencyRule.optional(),
});

export const serviceChangesBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    escalation_policy_id: z.uuid().nullable().optional(),
    team_id: z.uuid().nullable().optional(),
    urgency: urgencyRule.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const serviceListQuery = z.strictObject(pageQuery);

export const integrationView = z.object({
  id: z.uuid(),
  service_id: z.uuid(),
  type: z.string(),
  name: z.string(),
  integration_key: z.string(),
  url: z.string(),
  setup_instructions: z.string(),
  settings: z.record(z.string(), z.unknown()).describe("The type's settings; secret ones are never returned"),
  secrets_set: z.array(z.string()).describe('Secret settings that are set (their values are never returned)'),
  rate_limit_per_minute: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const createdIntegrationView = integrationView.extend({
  generated_secrets: z.record(z.string(), z.string()).describe('Secrets Vigil made up for this integration (a webhook secret): shown this once'),
});

const integrationSettings = z.record(z.string(), z.unknown()).describe("The type's settings (see each integration's setup in the README)");

export const newIntegrationBody = z.strictObject({
  type: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(200).optional(),
  rate_limit_per_minute: z.number().int().min(1).max(10_000_000).optional(),
  settings: integrationSettings.optional(),
});

export const integrationChangesBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    rate_limit_per_minute: z.number().int().min(1).max(10_000_000).nullable().optional(),
    settings: integrationSettings.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const eventStatsView = z.object({ outcomes: z.record(z.string(), z.number()) });

export const maintenanceWindowView = z.object({
  id: z.uuid(),
  service_id: z.uuid(),
  description: z.string(),
  start: z.string(),
  end: z.string(),
  created_at: z.string(),
});

/** A date-time PostgreSQL can store (years 1 to 9999): "0000-…" or "9999-12-31T23:59:59-05:00" would be a 500. */
const storableDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' })
  .refine((value) => Number.isNaN(Date.parse(value)) || inStoreRange(new Date(value)), 'must be a date-time between the years 1 and 9999');

export const newMaintenanceWindowBody = z
  .strictObject({
    description: z.string().max(2000).optional(),
    start: storableDateTime,
    end: storableDateTime,
  })
  .superRefine((body, context) => {
    if (new Date(body.end) <= new Date(body.start)) context.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  });
