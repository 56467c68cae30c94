import { z } from 'zod';
import { pageQuery } from '../../http/validation.ts';

const target = z.strictObject({ type: z.enum(['user', 'schedule']), id: z.uuid() });

const level = z.strictObject({
  delay_minutes: z.number().int().min(1).max(1440).describe('Minutes before the incident moves on to the next level, unless acknowledged'),
  targets: z.array(target).min(1, 'must have at least one target').max(10),
});

const levels = z.array(level).min(1, 'must have at least one level').max(20);
const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000);
const repeatCount = z.number().int().min(0).max(9).describe('How many more times the whole policy runs after its last level');

export const newPolicyBody = z.strictObject({ name, description: description.optional(), repeat_count: repeatCount.default(0), levels });

export const policyChangesBody = z
  .strictObject({ name: name.optional(), description: description.optional(), repeat_count: repeatCount.optional(), levels: levels.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const policyView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  repeat_count: z.number().int(),
  levels: z.array(z.object({ delay_minutes: z.number().int(), targets: z.array(z.object({ type: z.enum(['user', 'schedule']), id: z.string() })) })),
  created_at: z.string(),
  updated_at: z.string(),
});

export const policyListQuery = z.strictObject(pageQuery);
