import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Probes and scrapes, polled every few seconds: a trace each would bury the requests worth seeing. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A server span per request while tracing is on, named by the route as declared (`POST
 * /api/v1/incidents/:id/acknowledge`), never by the URL: paths can hold secrets (integration keys, calendar
 * feed tokens, action links), so no attribute carries the path, query, headers or body. The span is active
 * through the hooks and handler (its children: queries, the outbox rows that hand its trace to jobs); an
 * incoming `traceparent` makes it part of the caller's trace. Health probes and metric scrapes are not traced.
 */
export function registerRequestSpans(app: FastifyInstance): void {
  const tracer = trace.getTracer('vigil');
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && UNTRACED.has(route)) return done();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      route ? `${request.method} ${route}` : request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'url.scheme': request.protocol, 'vigil.request_id': request.id, ...(route && { 'http.route': route }) } },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), done);
  });
  const end = (request: FastifyRequest, statusCode: number | undefined) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    if (statusCode === undefined) span.setAttribute('vigil.request_aborted', true);
    else {
      span.setAttribute('http.response.status_code', statusCode);
      if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  app.addHook('onResponse', async (request, reply) => end(request, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => end(request, undefined));
}
