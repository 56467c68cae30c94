import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../ports/store.ts';

const tags = ['Operations'];

export function healthRoutes(store: Store): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { tags, summary: 'The process is up', security: [], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

    app.get(
      '/readyz',
      {
        schema: {
          tags,
          summary: 'The process can serve: its store answers',
          security: [],
          response: { 200: z.object({ status: z.string(), checks: z.record(z.string(), z.string()) }), 503: z.object({ status: z.string(), checks: z.record(z.string(), z.string()) }) },
        },
      },
      async (_request, reply) => {
        const checks: Record<string, string> = {};
        try {
          await store.ping();
          checks[store.kind] = 'ok';
        } catch (error) {
          checks[store.kind] = `failing: ${(error as Error).message}`;
        }
        const ready = Object.values(checks).every((value) => value === 'ok');
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
      },
    );
  };
}
