import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorDetail } from './errors.ts';
import { fieldName } from './validation.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `pagerduty` answers errors in the Events API v2 shape instead of Vigil's. */
    errorShape?: 'pagerduty';
    /** An ingest route: its 4xx answers count as rejected events of this source until the integration is known. */
    ingestSource?: string;
  }
}

/** The one place that maps errors to HTTP. Nothing reaches the client as an unexplained 500 but real faults. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error, request);
    if (!appError) {
      request.log.error({ err: error, url: request.routeOptions.url }, 'unhandled error');
      return send(request, reply, 500, 'internal', 'Something went wrong on our side; it has been logged.', []);
    }
    for (const [name, value] of Object.entries(appError.headers)) reply.header(name, value);
    return send(request, reply, appError.statusCode, appError.code, appError.message, appError.details);
  });
  app.setNotFoundHandler((request, reply) =>
    send(request, reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`, []),
  );
}

function toAppError(error: FastifyError | AppError, request: FastifyRequest): AppError | undefined {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details: ErrorDetail[] = error.validation.map((issue) => ({
      field: fieldName(issue.instancePath, error.validationContext),
      message: issue.message ?? 'is invalid',
    }));
    return new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
  const constraint = uniqueViolation(error);
  if (constraint !== undefined) {
    // Commands check uniqueness first for a precise message; two requests at the same moment can both pass that check.
    return new AppError('conflict', `Another request made a conflicting change at the same moment (${constraint || 'a unique key'}); reload and try again.`);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', `The request body is larger than the ${limitOf(request)} this endpoint accepts.`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted; send application/json.`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'The request body is empty; a JSON document was expected.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('validation_failed', 'The Content-Length header does not match the body.');
    default:
      break;
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError(error.statusCode === 404 ? 'not_found' : 'validation_failed', error.message);
  }
  return undefined;
}

/** The constraint a PostgreSQL unique violation (SQLSTATE 23505) names, however the driver wraps it ('' if none). */
function uniqueViolation(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code, constraint } = cause as { code?: unknown; constraint?: unknown };
    if (code === '23505') return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

function limitOf(request: FastifyRequest): string {
  const bytes = request.routeOptions.bodyLimit;
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function send(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string, details: ErrorDetail[]) {
  if (request.routeOptions.config?.errorShape === 'pagerduty') {
    return reply.status(status).send(pagerDutyError(status, message, details));
  }
  return reply.status(status).send({ error: { code, message, details } });
}

/** Error bodies as PagerDuty's Events API v2 gives them, so its clients understand ours. */
function pagerDutyError(status: number, message: string, details: ErrorDetail[]) {
  const errors = details.length > 0 ? details.map((d) => `${d.field}: ${d.message}`) : [message];
  if (status === 429) return { status: 'throttle event', message, errors };
  if (status >= 500) return { status: 'error', message, errors };
  return { status: 'invalid event', message: status === 413 ? 'Event object is too large' : 'Event object is invalid', errors };
}
