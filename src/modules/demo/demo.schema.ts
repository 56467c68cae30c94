import { z } from 'zod';

export const MAX_SEED = 2 ** 31 - 1;

// Optional: Fastify hands a route called without a body null (a `.default({})` never applies).
export const demoBody = z
  .strictObject({ seed: z.number().int().min(0).max(MAX_SEED).optional().describe('Same seed, same demo (default 1)') })
  .nullish();

export const demoSummaryView = z.object({
  services: z.number().int(),
  users: z.number().int().describe('Demo people added (the caller is not counted)'),
  schedules: z.number().int(),
  escalation_policies: z.number().int(),
  incidents: z.number().int().describe('Past incidents, resolved, and the ones still open'),
});

export const DEFAULT_SEED = 1;
