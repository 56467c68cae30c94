import { and, eq, inArray } from 'drizzle-orm';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import type { Actor } from '../orgs/actor.ts';
import { actorOf, apiKeyActor, authenticate, SESSION_COOKIE } from '../orgs/authenticate.ts';
import { users } from '../orgs/orgs.tables.ts';
import { services } from '../services/services.tables.ts';
import type { Viewer } from './presence.ts';
import { controlMessage, parseStreamId, type StreamFilter, streamTypes } from './stream-message.ts';
import type { StreamHub, StreamTransport, Subscriber } from './stream-hub.ts';
import { looksLikeTicket, type StreamTickets } from './stream-tickets.ts';
import { sseTransport, webSocketTransport } from './stream-transports.ts';

const tags = ['Live stream'];
const typeFamilies = ['incident.*', 'alert.*', 'change.*'];
/** Who is looking at which incident: not a domain event (no id), but filtered like one. */
const PRESENCE = 'presence';
const MAX_FILTER_ITEMS = 100;

const streamQuery = z
  .object({
    token: z.string().min(1).max(4096).optional().describe('A stream ticket (POST /stream/ticket) or an API key, for clients that cannot send a header.'),
    services: z.string().max(4000).optional().describe('Comma-separated service ids: only their events.'),
    types: z.string().max(2000).optional().describe(`Comma-separated event types (${streamTypes.join(', ')}) or families (${typeFamilies.join(', ')}), and presence (who views which incident).`),
    last_event_id: z.string().max(32).optional().describe('Resume after this message id (as the Last-Event-ID header does for SSE).'),
  })
  .strict();

declare module 'fastify' {
  interface FastifyRequest {
    streamFilter?: StreamFilter;
    streamResumeAfter?: number;
  }
}

function list(value: string | undefined, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  if (items.length === 0) throw invalid(field, 'must name at least one item');
  if (items.length > MAX_FILTER_ITEMS) throw invalid(field, `at most ${MAX_FILTER_ITEMS} items`);
  return [...new Set(items)];
}

async function streamFilter(deps: Deps, actor: Actor, query: z.infer<typeof streamQuery>): Promise<StreamFilter> {
  const types = list(query.types, 'types');
  for (const type of types ?? []) {
    if (!(streamTypes as readonly string[]).includes(type) && !typeFamilies.includes(type) && type !== PRESENCE) throw invalid('types', `unknown event type "${type.slice(0, 60)}"`);
  }
  const serviceIds = list(query.services, 'services');
  if (serviceIds) {
    const bad = serviceIds.find((id) => !z.uuid().safeParse(id).success);
    if (bad !== undefined) throw invalid('services', `"${bad.slice(0, 60)}" is not a service id`);
    const known = await deps.store.db.select({ id: services.id }).from(services).where(and(eq(services.orgId, actor.orgId), inArray(services.id, serviceIds)));
    const unknown = serviceIds.find((id) => !known.some((row) => row.id === id));
    if (unknown !== undefined) throw invalid('services', `no service ${unknown} in this organisation`);
  }
  return { ...(types && { types }), ...(serviceIds && { services: new Set(serviceIds) }) };
}

/** Header, cookie, or the `token` parameter (a ticket or an API key). */
async function streamActor(deps: Deps, tickets: StreamTickets, request: FastifyRequest, token: string | undefined): Promise<Actor> {
  const origin = { ip: request.ip, requestId: String(request.id) };
  if (token === undefined) {
    const actor = await authenticate(deps, request);
    // A page on another site can open a WebSocket with the user's cookie; only our own pages may.
    const from = request.headers.origin;
    if (request.headers.authorization === undefined && request.cookies[SESSION_COOKIE] && from !== undefined && !sameHost(from, request.headers.host)) {
      throw forbidden('The live stream takes a session cookie only from pages of this site; use a stream ticket.');
    }
    return actor;
  }
  if (!looksLikeTicket(token)) return apiKeyActor(deps, token, origin);
  const actor = await tickets.redeem(token, origin);
  if (actor === 'expired') throw new AppError('unauthorized', 'The stream ticket has expired; ask for a new one (POST /api/v1/stream/ticket).');
  if (actor === 'invalid') throw new AppError('unauthorized', 'The stream ticket is not valid.');
  return actor;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function resumeAfter(request: FastifyRequest, fromQuery: string | undefined): number | undefined {
  const header = request.headers['last-event-id'];
  const given = fromQuery ?? (typeof header === 'string' && header.length > 0 ? header : undefined);
  if (given === undefined) return undefined;
  const seq = parseStreamId(given);
  if (seq === undefined) throw invalid(fromQuery === undefined ? 'Last-Event-ID' : 'last_event_id', 'must be the id of a message of this stream');
  return seq;
}

/** GET /stream (WebSocket or SSE) and POST /stream/ticket. */
export function streamRoutes(deps: Deps, hub: StreamHub, tickets: StreamTickets): FastifyPluginAsyncZod {
  return async (api) => {
    api.route({
      method: 'GET',
      url: '/stream',
      schema: {
        tags,
        summary: 'Live stream of the organisation’s events: a WebSocket, or Server-Sent Events with Accept: text/event-stream',
        querystring: streamQuery,
        response: { 200: z.string().describe('text/event-stream: `id:` and `data:` lines, one JSON message each (or 101 Switching Protocols to a WebSocket)') },
      },
      // Authenticated here rather than by the API scope: the `token` parameter is one more way in.
      config: { public: true, rateLimit: false },
      preValidation: async (request, reply) => {
        upgradeResponses.set(request.raw, reply.raw);
        const query = request.query as z.infer<typeof streamQuery>;
        const actor = await streamActor(deps, tickets, request, query.token);
        request.actor = actor;
        request.streamFilter = await streamFilter(deps, actor, query);
        request.streamResumeAfter = resumeAfter(request, query.last_event_id);
        if (hub.connections(actor.orgId) >= hub.settings.maxConnectionsPerOrg) {
          throw new AppError('rate_limited', `This organisation has ${hub.settings.maxConnectionsPerOrg} live stream connections open here, the most allowed; close some.`);
        }
      },
      handler: async (request, reply) => {
        const accept = request.headers.accept ?? '';
        if (!accept.includes('text/event-stream')) throw invalid('Accept', 'open a WebSocket, or send Accept: text/event-stream for Server-Sent Events');
        const actor = actorOf(request);
        reply.hijack();
        const transport = sseTransport(reply.raw);
        await connect(hub, actor, request, transport, (detach) => reply.raw.on('close', detach));
      },
      wsHandler: async (socket: WebSocket, request) => {
        const actor = actorOf(request);
        const transport = webSocketTransport(socket);
        const subscriber = await connect(hub, actor, request, transport, (detach) => socket.on('close', detach));
        // The connection may stay open for days: keep its logger, not the whole request, alive with it.
        const log = request.log;
        releaseUpgradeRequest(socket, request, log);
        socket.on('message', (raw, isBinary) => {
          if (!subscriber) return;
          const message = parseClientMessage(isBinary ? undefined : raw.toString());
          const fail = (error: unknown) => log.error({ err: error }, 'live stream client message failed');
          if (message?.kind === 'resume') void hub.replay(subscriber, message.after).catch(fail);
          else if (message?.kind === 'view') void view(deps, hub, subscriber, actor, message.incident).catch(fail);
          else transport.send(controlMessage('error', { message: 'Send {"resume": "<id of the last message you received>"} or {"view": "<incident id>" | null}; nothing else is understood.' }));
        });
      },
    });

    api.get(
      '/incidents/:id/viewers',
      {
        schema: {
          tags,
          summary: 'Who is looking at the incident right now (live stream clients that sent {"view": id}), from every process',
          params: uuidParam,
          response: { 200: z.object({ viewers: z.array(z.object({ user_id: z.string(), name: z.string() })) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const [incident] = await deps.store.db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.id, request.params.id), eq(incidents.orgId, actor.orgId)));
        if (!incident) throw notFound('Incident');
        return { viewers: hub.presence.viewers(incident.id) };
      },
    );

    api.post(
      '/stream/ticket',
      {
        schema: {
          tags,
          summary: 'A ticket for opening the live stream where no header can be sent (browsers): pass it as ?token=; valid for 60 s',
          response: { 201: z.object({ ticket: z.string(), expires_at: z.string() }) },
        },
      },
      async (request, reply) => {
        const { ticket, expiresAt } = await tickets.issue(actorOf(request));
        return reply.status(201).send({ ticket, expires_at: expiresAt.toISOString() });
      },
    );
  };
}

/** The response Fastify made for each upgrade request, which @fastify/websocket attaches to its socket. */
const upgradeResponses = new WeakMap<IncomingMessage, ServerResponse>();

/**
 * Once upgraded, nothing needs the upgrade's request and reply, but two things hold them (~3 KB of heap) for as
 * long as the socket lives: the response attached to the raw socket, and @fastify/websocket's error listener
 * (it logs and terminates). The response lets go of the socket, and the listener is replaced by one that
 * holds only the logger.
 */
function releaseUpgradeRequest(socket: WebSocket, request: FastifyRequest, log: FastifyBaseLogger) {
  upgradeResponses.get(request.raw)?.detachSocket(request.raw.socket);
  upgradeResponses.delete(request.raw);
  socket.removeAllListeners('error');
  socket.on('error', (error) => {
    log.warn({ err: error }, 'live stream socket failed');
    socket.terminate();
  });
}

async function connect(hub: StreamHub, actor: Actor, request: FastifyRequest, transport: StreamTransport, onClose: (detach: () => void) => void) {
  let closed = false;
  let subscriber: Awaited<ReturnType<StreamHub['attach']>> | undefined;
  onClose(() => {
    closed = true;
    if (subscriber) hub.detach(subscriber);
  });
  try {
    subscriber = await hub.attach(actor.orgId, request.streamFilter ?? {}, transport, request.streamResumeAfter);
  } catch (error) {
    request.log.error({ err: error }, 'live stream connection failed');
    transport.close(1011, 'the server could not start the stream');
    return undefined;
  }
  if (closed) hub.detach(subscriber);
  return subscriber;
}

type ClientMessage = { kind: 'resume'; after: number } | { kind: 'view'; incident: string | null };

function parseClientMessage(text: string | undefined): ClientMessage | undefined {
  if (text === undefined || text.length > 200) return undefined;
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) return undefined;
  const fields = message as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys.length !== 1) return undefined;
  if (keys[0] === 'resume' && typeof fields['resume'] === 'string') {
    const after = parseStreamId(fields['resume']);
    return after === undefined ? undefined : { kind: 'resume', after };
  }
  if (keys[0] === 'view' && (fields['view'] === null || (typeof fields['view'] === 'string' && z.uuid().safeParse(fields['view']).success))) {
    return { kind: 'view', incident: fields['view'] };
  }
  return undefined;
}

/** The client's user looks at an incident of its organisation now (or at none). */
async function view(deps: Deps, hub: StreamHub, subscriber: Subscriber, actor: Actor, incidentId: string | null): Promise<void> {
  if (incidentId !== null) {
    const [incident] = await deps.store.db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.id, incidentId), eq(incidents.orgId, actor.orgId)));
    if (!incident) {
      subscriber.transport.send(controlMessage('error', { message: `No incident ${incidentId} in this organisation.` }));
      return;
    }
  }
  subscriber.viewer ??= await viewerOf(deps, actor);
  if (!subscriber.closed) hub.presence.view(subscriber, actor.orgId, subscriber.viewer, incidentId);
}

async function viewerOf(deps: Deps, actor: Actor): Promise<Viewer> {
  const [user] = await deps.store.db.select({ name: users.name }).from(users).where(and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)));
  return { user_id: actor.userId, name: user?.name ?? '' };
}
