import { z } from 'zod';

/** Opsgenie Alert API v2 request bodies, with the limits its documentation gives. */
const text = (max: number) => z.string().max(max);

export const createAlertBody = z.object({
  message: z.string().trim().min(1).max(130),
  alias: text(512).optional(),
  description: text(15_000).optional(),
  // Opsgenie's routing: Vigil routes by the integration's service and escalation policy instead.
  responders: z.array(z.unknown()).optional().describe('Accepted and ignored: the service routes the alert'),
  visibleTo: z.array(z.unknown()).optional().describe('Accepted and ignored'),
  // Opsgenie keeps the first 10 actions and 20 tags, shortened to 50 characters, and ignores the rest.
  actions: z.array(z.string().max(1000)).max(1000).optional(),
  tags: z.array(z.string().max(1000)).max(1000).optional(),
  details: z.record(z.string().max(1000), z.string().max(8000)).optional(),
  entity: text(512).optional(),
  source: text(100).optional(),
  priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).optional(),
  user: text(100).optional(),
  note: text(25_000).optional(),
});

export type CreateAlertBody = z.infer<typeof createAlertBody>;

export const alertActionBody = z
  .object({
    user: text(100).optional(),
    source: text(100).optional(),
    note: text(25_000).optional(),
  })
  .nullish();

export type AlertActionBody = z.infer<typeof alertActionBody>;

export const identifierParams = z.object({ identifier: z.string().min(1).max(512) });

export const identifierQuery = z.object({
  identifierType: z.string().max(32).optional().describe('alias (required by Vigil); Opsgenie\'s default, id, and tiny are not supported'),
});

export const accepted = z.object({ result: z.string(), took: z.number(), requestId: z.string() });

export const opsgenieError = z.object({
  message: z.string(),
  errors: z.record(z.string(), z.string()).optional(),
  took: z.number(),
  requestId: z.string(),
});
