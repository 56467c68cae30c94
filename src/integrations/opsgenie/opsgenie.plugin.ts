import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../http/errors.ts';
import { fieldName } from '../../http/validation.ts';
import type { KnownIntegration } from '../../modules/services/integration-directory.ts';
import type { IntegrationContext, IntegrationPlugin } from '../integration-plugin.ts';
import { fromAlertAction, fromCreateAlert } from './opsgenie.mapper.ts';
import { accepted, alertActionBody, createAlertBody, identifierParams, identifierQuery, opsgenieError } from './opsgenie.schema.ts';
import { requestCause } from '../../lib/cause.ts';

const BODY_LIMIT = 256 * 1024;
const tags = ['Opsgenie-compatible Alert API'];
const errorResponses = { 400: opsgenieError, 401: opsgenieError, 403: opsgenieError, 413: opsgenieError, 422: opsgenieError, 429: opsgenieError };
const requestIds = new WeakMap<FastifyRequest, string>();

const requestIdOf = (request: FastifyRequest) => {
  let id = requestIds.get(request);
  if (!id) requestIds.set(request, (id = randomUUID()));
  return id;
};
/** Opsgenie answers how long it took, in seconds. */
const tookOf = (reply: FastifyReply) => Math.round(reply.elapsedTime) / 1000;

function genieKeyOf(request: FastifyRequest): string | undefined {
  const match = /^GenieKey\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The integration the GenieKey names: 401 when there is none (or none is given), 403 when it is not an Opsgenie one. */
async function integrationOf(context: IntegrationContext, request: FastifyRequest): Promise<KnownIntegration> {
  const key = genieKeyOf(request);
  if (!key) throw new AppError('unauthorized', 'Could not authenticate: send the header "Authorization: GenieKey <integration key>".', [{ field: 'Authorization', message: 'is missing or not "GenieKey <key>"' }]);
  const integration = key.length <= 64 ? await context.directory.lookup(key) : undefined;
  if (!integration) throw new AppError('unauthorized', 'Could not authenticate: the GenieKey is not the key of any integration.', [{ field: 'Authorization', message: 'names no integration' }]);
  if (integration.type !== 'opsgenie') {
    throw new AppError('forbidden', `The GenieKey belongs to a ${integration.type} integration, which does not take Opsgenie Alert API requests; create an integration of type opsgenie.`, [
      { field: 'Authorization', message: `is the key of a ${integration.type} integration` },
    ]);
  }
  return integration;
}

/** Opsgenie's error shape: `{message, took, requestId}`, plus `errors` by field for a 422. */
function sendError(request: FastifyRequest, reply: FastifyReply, error: FastifyError | AppError) {
  const base = { took: tookOf(reply), requestId: requestIdOf(request) };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = Object.fromEntries(error.validation.map((issue) => [fieldName(issue.instancePath, error.validationContext), issue.message ?? 'is invalid']));
    return reply.status(422).send({ message: 'Request body is not processable. Please check the errors.', errors, ...base });
  }
  if (error instanceof AppError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    const errors = error.statusCode === 422 && error.details.length > 0 ? { errors: Object.fromEntries(error.details.map((d) => [d.field, d.message])) } : {};
    return reply.status(error.statusCode).send({ message: error.message, ...errors, ...base });
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ message: `Request body is larger than ${BODY_LIMIT / 1024} KB.`, ...base });
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send({ message: 'Content-Type must be application/json.', ...base });
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) return reply.status(error.statusCode).send({ message: error.message, ...base });
  request.log.error({ err: error, url: request.routeOptions.url }, 'unhandled error');
  return reply.status(500).send({ message: 'Something went wrong on our side; it has been logged.', ...base });
}

/** `POST /v2/alerts` and close / acknowledge by alias, as Opsgenie's Alert API: moving off Opsgenie is a URL change. */
export const opsgeniePlugin: IntegrationPlugin = {
  name: 'opsgenie',
  publicRoutes: (context): FastifyPluginAsyncZod => async (app) => {
    const { deps, ingest, directory } = context;
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => sendError(request, reply, error));
    await app.register(rateLimit, {
      ...deps.rateLimits.options,
      global: false,
      hook: 'preHandler',
      timeWindow: 60_000,
      keyGenerator: (request) => genieKeyOf(request) ?? request.ip,
      max: async (request) => {
        const key = genieKeyOf(request);
        const known = key && key.length <= 64 ? await directory.lookup(key) : undefined;
        return known?.rateLimitPerMinute ?? deps.config.VIGIL_INGEST_RATE_LIMIT_PER_MINUTE;
      },
      errorResponseBuilder: (_request, limit) =>
        new AppError('rate_limited', `This integration is limited to ${limit.max} requests per minute; retry in ${limit.after}.`, [{ field: 'Authorization', message: `over the limit of ${limit.max} requests per minute` }]),
    });
    const config = { rateLimit: {} };
    const answer = (request: FastifyRequest, reply: FastifyReply) =>
      reply.status(202).send({ result: 'Request will be processed', took: tookOf(reply), requestId: requestIdOf(request) });

    app.post(
      '/v2/alerts',
      {
        bodyLimit: BODY_LIMIT,
        config,
        schema: {
          tags,
          summary: 'Create an alert (Opsgenie Alert API; Authorization: GenieKey <integration key>)',
          security: [],
          body: createAlertBody,
          response: { 202: accepted, ...errorResponses },
        },
      },
      async (request, reply) => {
        const integration = await integrationOf(context, request);
        await ingest.accept(integration, [fromCreateAlert(request.body)], requestCause(request.id));
        return answer(request, reply);
      },
    );

    for (const [path, action] of [
      ['close', 'resolve'],
      ['acknowledge', 'acknowledge'],
    ] as const) {
      app.post(
        `/v2/alerts/:identifier/${path}`,
        {
          bodyLimit: BODY_LIMIT,
          config,
          schema: {
            tags,
            summary: `${path === 'close' ? 'Close' : 'Acknowledge'} an alert by its alias (Opsgenie Alert API, identifierType=alias)`,
            security: [],
            params: identifierParams,
            querystring: identifierQuery,
            body: alertActionBody,
            response: { 202: accepted, ...errorResponses },
          },
        },
        async (request, reply) => {
          const integration = await integrationOf(context, request);
          const type = request.query.identifierType ?? 'id';
          if (type !== 'alias') {
            throw new AppError('unprocessable', `identifierType ${type} is not supported: Vigil finds alerts sent through the Opsgenie API by their alias. Send ?identifierType=alias with the alias given when the alert was created.`, [
              { field: 'identifierType', message: type === 'id' || type === 'tiny' ? `${type} is not supported; use alias` : 'must be alias' },
            ]);
          }
          await ingest.accept(integration, [fromAlertAction(action, request.params.identifier, request.body)], requestCause(request.id));
          return answer(request, reply);
        },
      );
    }
  },
};
