import { count } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { users } from './orgs.tables.ts';

/** Lets the dashboard open its setup wizard on a fresh instance and its sign-in page otherwise. */
export function setupStatusRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/setup',
      {
        config: { public: true },
        schema: {
          tags: ['Organisation and access'],
          summary: 'Whether first-run setup is still to be done (the instance has no user yet)',
          security: [],
          response: { 200: z.object({ setup_required: z.boolean(), signup_allowed: z.boolean() }) },
        },
      },
      async () => {
        const [row] = await deps.store.db.select({ users: count() }).from(users);
        return { setup_required: (row?.users ?? 0) === 0, signup_allowed: deps.config.VIGIL_ALLOW_SIGNUP };
      },
    );
  };
}
