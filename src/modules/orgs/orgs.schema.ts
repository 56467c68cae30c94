import { z } from 'zod';
import { roles } from './actor.ts';

export const email = z.email().max(254);
/** The rule for every password Vigil sets: setup, sign-up, new users, invitations, password changes. */
export const password = z.string().min(12, 'must be at least 12 characters long').max(256);

export const newOrganisationBody = z.strictObject({
  organization: z.string().trim().min(1).max(200),
  email,
  password,
  name: z.string().trim().min(1).max(200).optional(),
});

export const setupResponse = z.object({ token: z.string(), organization_id: z.uuid(), user_id: z.uuid() });

export const loginBody = z.strictObject({ email, password: z.string().min(1).max(256) });

export const userView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  organization_id: z.uuid(),
  created_at: z.string(),
});

export const newUserBody = z.strictObject({
  email,
  name: z.string().trim().min(1).max(200),
  role: z.enum(roles).default('responder'),
  password,
});

export const apiKeyView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export const newApiKeyBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const createdApiKey = apiKeyView.extend({ token: z.string().describe('Shown once: store it now.') });

export const auditEntryView = z.object({
  id: z.number(),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  action: z.string(),
  target_type: z.string(),
  target_id: z.string().nullable(),
  ip: z.string().nullable(),
  request_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.string(),
});
