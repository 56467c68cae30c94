import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { actorOf } from '../../modules/orgs/authenticate.ts';
import type { IntegrationContext } from '../integration-plugin.ts';
import { ping } from './heartbeat.ping.ts';
import { heartbeatOf } from './heartbeat.store.ts';
import { dueAfter, heartbeatSettings } from './heartbeat.ts';

const pingAnswer = z.object({ status: z.literal('success'), message: z.string(), events: z.number().int() });

/** `GET`/`HEAD /integrations/{key}`: a ping from curl, cron or an uptime checker (POST goes through the inbound route). */
export function heartbeatPingRoutes({ deps, directory }: IntegrationContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      timeWindow: 60_000,
      keyGenerator: (request) => (request.params as { key?: string }).key ?? '',
      max: async (_request, key) => (await directory.lookup(key))?.rateLimitPerMinute ?? deps.config.VIGIL_INGEST_RATE_LIMIT_PER_MINUTE,
      errorResponseBuilder: (_request, context) =>
        new AppError('rate_limited', `This integration is limited to ${context.max} requests per minute; retry in ${context.after}.`, [
          { field: 'integration_key', message: `over the limit of ${context.max} requests per minute` },
        ]),
    });
    app.get(
      '/integrations/:key',
      {
        config: { rateLimit: {} },
        schema: {
          tags: ['Ingestion'],
          summary: 'Ping a heartbeat integration (HEAD works too; so does POST with any body)',
          security: [],
          params: z.object({ key: z.string().max(64) }),
          response: { 200: pingAnswer },
        },
      },
      async (request) => {
        const integration = await directory.lookup(request.params.key);
        if (!integration) throw notFound('Integration');
        if (integration.type !== 'heartbeat') {
          throw new AppError('unprocessable', `Integrations of type ${integration.type} take POST requests only; see the integration's setup instructions.`, [
            { field: 'integration_key', message: `is a ${integration.type} integration, not a heartbeat` },
          ]);
        }
        return ping(deps, integration);
      },
    );
  };
}

const heartbeatView = z.object({
  integration_id: z.uuid(),
  status: z.enum(['waiting', 'up', 'down']).describe('waiting: never pinged yet; up: pinged in time; down: overdue, its alert triggered'),
  interval_seconds: z.number().int(),
  grace_seconds: z.number().int(),
  last_ping_at: z.iso.datetime().nullable(),
  next_due_at: z.iso.datetime().nullable().describe('The latest the next ping may arrive; null while down (the next ping resolves the alert)'),
  down_since: z.iso.datetime().nullable(),
});

/** `GET /api/v1/integrations/{id}/heartbeat`: where a heartbeat stands. */
export function heartbeatApiRoutes({ deps }: IntegrationContext): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/integrations/:id/heartbeat',
      { schema: { tags: ['Services and integrations'], summary: "A heartbeat integration's status, last ping and next due time", params: uuidParam, response: { 200: heartbeatView } } },
      async (request) => {
        const actor = actorOf(request);
        const row = await heartbeatOf(deps.store.db, actor.orgId, request.params.id);
        if (!row) throw notFound('Integration');
        if (row.type !== 'heartbeat') throw new AppError('not_found', `Integration ${request.params.id} is a ${row.type} integration, not a heartbeat.`);
        const parsed = heartbeatSettings.safeParse(row.settings);
        if (!parsed.success) throw new AppError('unprocessable', 'This heartbeat integration has invalid settings; save them again.', [{ field: 'settings', message: 'invalid' }]);
        const settings = parsed.data;
        // Without a row yet (created moments ago, not adopted by the engine), it is waiting and due from its creation.
        const status = row.status ?? 'waiting';
        const due = row.status ? row.dueAt : dueAfter(row.createdAt, settings);
        return {
          integration_id: request.params.id,
          status,
          interval_seconds: settings.interval_seconds,
          grace_seconds: settings.grace_seconds,
          last_ping_at: row.lastPingAt?.toISOString() ?? null,
          next_due_at: due?.toISOString() ?? null,
          down_since: row.downSince?.toISOString() ?? null,
        };
      },
    );
  };
}
