import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { events } from './events.tables.ts';

const eventView = z.object({
  id: z.string(),
  service_id: z.uuid(),
  integration_id: z.uuid(),
  kind: z.enum(['alert', 'change']),
  action: z.string(),
  dedup_key: z.string().nullable(),
  payload: z.unknown(),
  received_at: z.string(),
  folded_at: z.string().nullable(),
  outcome: z.string().nullable().describe('What folding did: alert_created, deduplicated, acknowledged, resolved, unchanged, dropped, service_disabled, …; null while pending'),
});

const eventListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  before_id: z.coerce.number().int().positive().optional(),
  service_id: z.uuid().optional(),
  outcome: z
    .string()
    .max(40)
    .regex(/^[a-z_]+$/, 'must be an outcome such as alert_created, dropped or pending')
    .optional()
    .describe('"pending" for events not folded yet'),
});

export function eventRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/events',
      {
        schema: {
          tags: ['Ingestion'],
          summary: 'The raw event log: every accepted event and what became of it, newest first',
          querystring: eventListQuery,
          response: { 200: z.object({ events: z.array(eventView), next_before_id: z.string().nullable() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await deps.store.db
          .select()
          .from(events)
          .where(
            and(
              eq(events.orgId, actor.orgId),
              q.service_id ? eq(events.serviceId, q.service_id) : undefined,
              q.outcome === 'pending' ? isNull(events.foldedAt) : q.outcome ? eq(events.outcome, q.outcome) : undefined,
              q.before_id ? lt(events.id, q.before_id) : undefined,
            ),
          )
          .orderBy(desc(events.id))
          .limit(q.limit);
        const last = rows.at(-1);
        return {
          events: rows.map((event) => ({
            id: String(event.id),
            service_id: event.serviceId,
            integration_id: event.integrationId,
            kind: event.kind,
            action: event.action,
            dedup_key: event.dedupKey,
            payload: event.payload,
            received_at: event.receivedAt.toISOString(),
            folded_at: event.foldedAt ? event.foldedAt.toISOString() : null,
            outcome: event.outcome,
          })),
          next_before_id: rows.length === q.limit && last ? String(last.id) : null,
        };
      },
    );
  };
}
