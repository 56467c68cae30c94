import { z } from 'zod';
import { pageQuery } from '../../http/validation.ts';
import { urgencies } from './notify.ts';

export const userParam = z.strictObject({ userId: z.uuid() });
export const userItemParam = z.strictObject({ userId: z.uuid(), id: z.uuid() });

export const contactMethodView = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  type: z.string(),
  label: z.string(),
  address: z.string(),
  created_at: z.string(),
});

export const newContactMethodBody = z.strictObject({
  type: z.string().trim().min(1).max(64).describe('`email`, or `slack` (a direct message from the Slack app; the address is a Slack member ID, U…)'),
  address: z.string().trim().min(1).max(320),
  label: z.string().trim().min(1).max(100).optional(),
});

export const contactMethodChangesBody = z
  .strictObject({
    label: z.string().trim().min(1).max(100).optional(),
    address: z.string().trim().min(1).max(320).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const notificationRuleView = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  urgency: z.enum(urgencies),
  contact_method_id: z.uuid(),
  delay_minutes: z.number().int(),
  created_at: z.string(),
});

export const newNotificationRuleBody = z.strictObject({
  urgency: z.enum(urgencies),
  contact_method_id: z.uuid(),
  delay_minutes: z.number().int().min(0).max(1440).default(0).describe('Minutes after the assignment; 0 is at once'),
});

const attemptView = z.object({
  attempt: z.number().int(),
  outcome: z.enum(['sent', 'failed', 'skipped']),
  detail: z.string(),
  at: z.string(),
});

export const deliveryView = z.object({
  id: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string().nullable() }),
  channel: z.string(),
  address: z.string(),
  level: z.number().int(),
  loop: z.number().int(),
  status: z.enum(['scheduled', 'sent', 'failed', 'cancelled']),
  due_at: z.string(),
  queued_at: z.string().nullable().describe('When its delivery job was queued'),
  sent_at: z.string().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  attempts: z.array(attemptView),
});

export const mailView = z.object({
  id: z.number().int(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()),
  created_at: z.string(),
});

export const mailOutboxQuery = z.strictObject(pageQuery);
