import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app/deps.ts';
import { AppError, invalid } from '../../http/errors.ts';
import type { IntegrationDirectory, KnownIntegration } from '../services/integration-directory.ts';
import type { EventIngest } from './event-ingest.ts';
import { changeAccepted, changeEnqueueBody, enqueueAccepted, enqueueBody, pagerDutyError } from './pagerduty.schema.ts';
import { fromChangeEnqueueBody, fromEnqueueBody } from './pagerduty.mapper.ts';
import { requestCause } from '../../lib/cause.ts';

/** PagerDuty's limit on one event. */
const EVENT_BODY_LIMIT = 512 * 1024;
const tags = ['Ingestion'];
const errorResponses = { 400: pagerDutyError, 413: pagerDutyError, 429: pagerDutyError };
/**
 * The answers are built here in their documented shape; checking each against its schema before sending
 * (the API's default serializer) cost ~2 µs of every ingested event. The schemas stay for the reference.
 */
const plainJson = () => (data: unknown) => JSON.stringify(data);

declare module 'fastify' {
  interface FastifyRequest {
    integration?: KnownIntegration;
  }
}

/** The routing key's integration, or a 400 in PagerDuty's words. The integration must take this kind of event. */
async function integrationFor(request: FastifyRequest, directory: IntegrationDirectory, routingKey: string, acceptedTypes: readonly string[]): Promise<KnownIntegration> {
  const integration = await directory.lookup(routingKey);
  if (!integration) throw invalid('routing_key', 'no integration has this routing key');
  request.integration = integration;
  if (!acceptedTypes.includes(integration.type)) {
    throw invalid('routing_key', `belongs to a ${integration.type} integration, which does not take these events`);
  }
  return integration;
}

export function ingestRoutes(deps: Deps, directory: IntegrationDirectory, ingest: EventIngest): FastifyPluginAsyncZod {
  const defaultLimit = deps.config.VIGIL_INGEST_RATE_LIMIT_PER_MINUTE;
  const routingKeyOf = (request: FastifyRequest) => (request.body as { routing_key: string }).routing_key;

  return async (app) => {
    await app.register(rateLimit, {
      ...deps.rateLimits.options,
      global: false,
      hook: 'preHandler',
      timeWindow: 60_000,
      keyGenerator: routingKeyOf,
      max: async (_request, key) => (await directory.lookup(key))?.rateLimitPerMinute ?? defaultLimit,
      errorResponseBuilder: (request, context) =>
        new AppError(
          'rate_limited',
          `Integration ${routingKeyOf(request)} is limited to ${context.max} events per minute; retry in ${context.after}.`,
          [{ field: 'routing_key', message: `over the limit of ${context.max} events per minute` }],
        ),
    });
    const limited = { rateLimit: {}, errorShape: 'pagerduty' as const, ingestSource: 'events_api_v2' };

    app.post(
      '/v2/enqueue',
      {
        bodyLimit: EVENT_BODY_LIMIT,
        config: limited,
        serializerCompiler: plainJson,
        schema: { tags, summary: 'Send an alert event (PagerDuty Events API v2)', security: [], body: enqueueBody, response: { 202: enqueueAccepted, ...errorResponses } },
      },
      async (request, reply) => {
        const integration = await integrationFor(request, directory, request.body.routing_key, ['events_api_v2']);
        const event = fromEnqueueBody(request.body);
        await ingest.accept(integration, [event], requestCause(request.id));
        return reply.status(202).send({ status: 'success', message: 'Event processed', dedup_key: event.dedupKey ?? '' });
      },
    );

    app.post(
      '/v2/change/enqueue',
      {
        bodyLimit: EVENT_BODY_LIMIT,
        config: limited,
        serializerCompiler: plainJson,
        schema: { tags, summary: 'Send a change event (PagerDuty change events)', security: [], body: changeEnqueueBody, response: { 202: changeAccepted, ...errorResponses } },
      },
      async (request, reply) => {
        const integration = await integrationFor(request, directory, request.body.routing_key, ['change_events', 'events_api_v2']);
        await ingest.accept(integration, [fromChangeEnqueueBody(request.body)], requestCause(request.id));
        return reply.status(202).send({ status: 'success', message: 'Change event processed' });
      },
    );
  };
}
