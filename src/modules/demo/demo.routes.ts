import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app/deps.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { DEFAULT_SEED, demoBody, demoSummaryView } from './demo.schema.ts';
import { seedDemo } from './demo.seed.ts';

export function demoRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.post(
      '/demo',
      {
        schema: {
          tags: ['Organisation and access'],
          summary: 'Fill the organisation with demo data (admin): services, people, schedules, policies, three weeks of incidents; 409 once it has services',
          body: demoBody,
          response: { 201: demoSummaryView },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        return reply.status(201).send(await seedDemo(deps, actor, request.body?.seed ?? DEFAULT_SEED));
      },
    );
  };
}
