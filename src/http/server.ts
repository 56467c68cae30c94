import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Metrics } from '../modules/metrics/metrics.ts';
import { apiReferenceRoutes } from './api-reference.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerGetEtags } from './get-etags.ts';
import { registerJsonBodyParser } from './json-body.ts';
import { lazyRequestLogger } from './request-logger.ts';
import { registerRequestSpans } from './request-spans.ts';
import { tracingOn } from '../lib/tracing.ts';

/** The router's limit on one path parameter; a longer one answers 400 (here, or in the dashboard's fallback route). */
export const MAX_PARAM_LENGTH = 200;
export const PARAM_TOO_LONG = `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.`;

/** Default body limit of the API; ingestion routes set their own (512 KB as PagerDuty's). */
const API_BODY_LIMIT = 1024 * 1024;

export async function createHttpServer(logger: Logger, metrics: Metrics, trustProxy: boolean | number | string = false) {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: API_BODY_LIMIT,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    childLoggerFactory: lazyRequestLogger,
    // One log line per request is too many at ingest rates; failures are logged by the hooks below.
    logController: new LogController({ disableRequestLogging: true }),
    ...({ trustProxy } as Pick<FastifyServerOptions, 'trustProxy'>),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // The router refuses some URLs before any route runs; answer those in the API's error shape too.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? PARAM_TOO_LONG : 'The URL path is not validly percent-encoded.';
      void reply.status(400).send({ error: { code: 'validation_failed', message, details: [] } });
    },
  }).withTypeProvider<ZodTypeProvider>();

  // First, so that the span covers every other hook.
  if (tracingOn()) registerRequestSpans(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBodyParser(app);
  registerErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route as declared (`/api/v1/incidents/:id`), never the URL: a bounded label.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    const ingestSource = request.routeOptions.config?.ingestSource;
    if (ingestSource && reply.statusCode >= 400 && reply.statusCode < 500) {
      metrics.eventsRejected.inc({ source: request.integration?.type ?? ingestSource, status: String(reply.statusCode) });
    }
    if (reply.statusCode >= 500) request.log.error({ statusCode: reply.statusCode, url: request.routeOptions.url }, 'request failed');
  });

  // GET answers carry an ETag; a client sending it back in If-None-Match gets a 304 with no body.
  registerGetEtags(app);
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.hasHeader('cache-control')) return payload;
    const path = request.url.split('?')[0] ?? '';
    // API answers are per user: never kept by a shared cache, always revalidated (cheaply, with the ETag).
    if (path.startsWith('/api/')) reply.header('cache-control', 'private, no-cache');
    else if (path.startsWith('/docs/') && /\.(js|css|svg|png|woff2?)$/.test(path)) reply.header('cache-control', 'public, max-age=86400');
    return payload;
  });
  await app.register(fastifyCookie);
  // Clients send the stream only small control messages ({"resume": id}).
  // No per-message compression: the live stream writes frames ws made straight to the socket (stream-transports.ts).
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096, perMessageDeflate: false } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: '1',
        description:
          'Incident response and on-call. Authenticate with `Authorization: Bearer <API key>` (create one at first-run setup or under API keys).',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(apiReferenceRoutes);
  return app;
}
