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
        // Public and read on every load of the dashboard: one row is enough, however many users there are.
        const anyUser = await deps.store.db.select({ id: users.id }).from(users).limit(1);
        return { setup_required: anyUser.length === 0, signup_allowed: deps.config.VIGIL_ALLOW_SIGNUP };
      },
    );
  };
}
