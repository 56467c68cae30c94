import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { pageQuery } from '../../http/validation.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { changes } from './changes.tables.ts';

const changeView = z.object({
  id: z.uuid(),
  service_id: z.uuid(),
  integration_id: z.uuid(),
  summary: z.string(),
  source: z.string().nullable(),
  custom_details: z.unknown(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
  timestamp: z.string(),
  created_at: z.string(),
});

const changeListQuery = z.strictObject({
  ...pageQuery,
  service_id: z.uuid().optional(),
});

export function changeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/changes',
      { schema: { tags: ['Changes'], summary: 'Change events, newest first', querystring: changeListQuery, response: { 200: z.object({ changes: z.array(changeView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const cursor = decodeCursor(q.cursor, 'uuid');
        const rows = await deps.store.db
          .select()
          .from(changes)
          .where(
            and(
              eq(changes.orgId, actor.orgId),
              q.service_id ? eq(changes.serviceId, q.service_id) : undefined,
              cursor ? or(lt(changes.occurredAt, new Date(cursor.at)), and(eq(changes.occurredAt, new Date(cursor.at)), lt(changes.id, cursor.id))) : undefined,
            ),
          )
          .orderBy(desc(changes.occurredAt), desc(changes.id))
          .limit(q.limit + 1);
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        return {
          changes: page.map((change) => ({
            id: change.id,
            service_id: change.serviceId,
            integration_id: change.integrationId,
            summary: change.summary,
            source: change.source,
            custom_details: change.customDetails ?? null,
            links: change.links,
            timestamp: change.occurredAt.toISOString(),
            created_at: change.createdAt.toISOString(),
          })),
          next_cursor: rows.length > q.limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : null,
        };
      },
    );
  };
}
