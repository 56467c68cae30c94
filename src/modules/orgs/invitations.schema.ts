import { z } from 'zod';
import { roles } from './actor.ts';
import { email, password, userView } from './orgs.schema.ts';

const name = z.string().trim().min(1).max(200);

export const newInvitationBody = z.strictObject({
  email,
  role: z.enum(roles).default('responder'),
  name: name.optional().describe('Suggested on the accept page'),
});

export const invitationView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(roles),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invited_by: z.uuid().nullable().describe('The admin who invited; null once they are deleted'),
  created_at: z.string(),
  expires_at: z.string(),
});

export const createdInvitation = invitationView.extend({
  accept_url: z.string().describe('Shown only in this answer and in the e-mail: whoever opens it can join'),
  email_status: z.enum(['sent', 'stored_in_mail_outbox', 'failed']).describe('Whether the invitation e-mail went out; when it failed, hand over accept_url yourself'),
});

// The shape newToken('vgli') makes: anything else is refused as a malformed link before it is hashed and looked up.
export const tokenParam = z.strictObject({ token: z.string().regex(/^vgli_[\w-]{43}$/, 'must be an invitation token (vgli_ and 43 more characters) as in the accept link') });

export const invitationPreview = z.object({
  organization_name: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(roles),
  expires_at: z.string(),
});

export const acceptInvitationBody = z.strictObject({ name, password });

export const acceptedInvitation = z.object({ user: userView });
