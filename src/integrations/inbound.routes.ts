import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../app/deps.ts';
import { AppError, notFound } from '../http/errors.ts';
import { parseJsonBody } from '../http/json-body.ts';
import type { EventIngest } from '../modules/events/event-ingest.ts';
import type { IntegrationDirectory } from '../modules/services/integration-directory.ts';
import { integrationKind } from './catalog.ts';
import { requestCause } from '../lib/cause.ts';

/** Native payloads are larger than one Events API event: an Alertmanager group of hundreds of alerts, a GitHub push. */
const NATIVE_BODY_LIMIT = 5 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

const accepted = z.object({ status: z.literal('success'), message: z.string(), events: z.number().int() });

/**
 * `POST /integrations/{integration_key}`: each integration type's native payload, handed to its kind's
 * `receive`. Whatever it maps to is stored durably, in one commit, before the 2xx.
 */
export function inboundRoutes(deps: Deps, directory: IntegrationDirectory, ingest: EventIngest): FastifyPluginAsyncZod {
  const keyOf = (request: FastifyRequest) => (request.params as { key?: string }).key ?? '';
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: NATIVE_BODY_LIMIT }, (request, body, done) => {
      const raw = body as Buffer;
      request.rawBody = raw;
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      try {
        if (type === 'application/json' || /^application\/[\w.+-]*\+json$/.test(type)) done(null, parseJsonBody(raw));
        else if (type === 'application/x-www-form-urlencoded') done(null, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
        else done(null, undefined);
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    await app.register(rateLimit, {
      ...deps.rateLimits.options,
      global: false,
      hook: 'preHandler',
      timeWindow: 60_000,
      keyGenerator: keyOf,
      max: async (_request, key) => (await directory.lookup(key))?.rateLimitPerMinute ?? deps.config.VIGIL_INGEST_RATE_LIMIT_PER_MINUTE,
      errorResponseBuilder: (request, context) =>
        new AppError('rate_limited', `Integration ${keyOf(request)} is limited to ${context.max} requests per minute; retry in ${context.after}.`, [
          { field: 'integration_key', message: `over the limit of ${context.max} requests per minute` },
        ]),
    });

    app.post(
      '/integrations/:key',
      {
        bodyLimit: NATIVE_BODY_LIMIT,
        config: { rateLimit: {}, ingestSource: 'integration' },
        schema: {
          tags: ['Ingestion'],
          summary: "Send a tool's native payload (Alertmanager, Grafana, Datadog, generic JSON, GitHub…) to an integration",
          security: [],
          params: z.object({ key: z.string().max(64) }),
          body: z.unknown().describe("The tool's own payload: JSON for most, form-encoded for some (GitHub may send either), anything or nothing for a heartbeat ping"),
          response: { 202: accepted },
        },
      },
      async (request, reply) => {
        const integration = await directory.lookup(request.params.key);
        if (!integration) throw notFound('Integration');
        request.integration = integration;
        const kind = integrationKind(integration.type);
        if (!kind?.receive) {
          throw new AppError('unprocessable', `Integrations of type ${integration.type} do not take payloads at this URL; see the integration's setup instructions.`, [
            { field: 'integration_key', message: `is a ${integration.type} integration` },
          ]);
        }
        const outcome = await kind.receive(
          { body: request.body, rawBody: request.rawBody ?? Buffer.alloc(0), headers: request.headers, query: request.query as Record<string, string | undefined> },
          integration,
          deps,
        );
        await ingest.accept(integration, outcome.events, requestCause(request.id));
        const count = outcome.events.length;
        if (outcome.status !== undefined || outcome.body !== undefined) return reply.code((outcome.status ?? 202) as 202).send(outcome.body as never);
        return reply.status(202).send({ status: 'success', message: count === 1 ? 'Event processed' : `${count} events processed`, events: count });
      },
    );
  };
}
