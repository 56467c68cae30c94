import { z } from 'zod';
import { teamRoles } from './teams.tables.ts';

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000);

const teamMemberView = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(teamRoles).describe('manager: may rename the team and change its members'),
});

export const teamView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  members: z.array(teamMemberView).describe('By name'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const newTeamBody = z.strictObject({ name, description: description.optional() });

export const teamChangesBody = z
  .strictObject({ name: name.optional(), description: description.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const memberParams = z.strictObject({ id: z.uuid(), userId: z.uuid() });

export const memberBody = z.strictObject({ role: z.enum(teamRoles).default('member') });
