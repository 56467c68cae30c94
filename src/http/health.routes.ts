import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const tags = ['Operations'];
/** A dependency that has not answered by then counts as failing: /readyz must answer quickly to be useful. */
const CHECK_TIMEOUT_MS = 2000;

export interface ReadinessCheck {
  name: string;
  ping: () => Promise<void>;
}

const readiness = z.object({
  status: z.enum(['ready', 'not ready']),
  role: z.string(),
  version: z.string(),
  checks: z.record(z.string(), z.object({ status: z.enum(['ok', 'failing']), latency_ms: z.number(), error: z.string().optional() })),
});

async function run(check: ReadinessCheck): Promise<z.infer<typeof readiness>['checks'][string]> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check.ping(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'failing', latency_ms: Math.round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the process is up (liveness). `/readyz`: each dependency it needs answers (readiness), in detail. */
export function healthRoutes(checks: ReadinessCheck[], about: { role: string; version: string }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { schema: { tags, summary: 'The process is up', security: [], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

    app.get(
      '/readyz',
      { schema: { tags, summary: 'The process can serve: every dependency it uses answers (store, Redis)', security: [], response: { 200: readiness, 503: readiness } } },
      async (_request, reply) => {
        const results = await Promise.all(checks.map(async (check) => [check.name, await run(check)] as const));
        const ready = results.every(([, result]) => result.status === 'ok');
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', ...about, checks: Object.fromEntries(results) });
      },
    );
  };
}
