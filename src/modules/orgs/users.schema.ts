import { z } from 'zod';
import { roles } from './actor.ts';
import { password } from './orgs.schema.ts';

export const userChangesBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(roles).optional().describe('Admins only; the last admin cannot be demoted'),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export const passwordChangeBody = z.strictObject({
  current_password: z.string().min(1).max(256),
  new_password: password,
});
