import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';

/**
 * ETag and 304 Not Modified for GET (and HEAD) answers. Added per route from `onRoute`, so that POSTs never
 * pay for hashing their answer: @fastify/etag hooks every route, and hashing each ingested event's 202 cost
 * about 4% of ingestion's CPU. Register before any route.
 */
export function registerGetEtags(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!methods.includes('GET') && !methods.includes('HEAD')) return;
    route.onSend = [...[route.onSend ?? []].flat(), etagOnSend as onSendHookHandler];
  });
}

async function etagOnSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  // Streams (static files) and errors go as they are; @fastify/static tags its files itself.
  if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) return payload;
  let etag = reply.getHeader('etag');
  if (typeof etag !== 'string') {
    etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
  }
  if (!matchesAny(request.headers['if-none-match'], etag)) return payload;
  reply.code(304);
  return '';
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): `W/"x"` matches `"x"`; `*` matches any. */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || opaque(trimmed) === wanted;
  });
}
