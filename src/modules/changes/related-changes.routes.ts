import { and, eq, gte, lte } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { notFound } from '../../http/errors.ts';
import { pageQuery, uuidParam } from '../../http/validation.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { services } from '../services/services.tables.ts';
import { changeView } from './changes.presenters.ts';
import { pageOfChanges } from './changes.store.ts';
import { changes } from './changes.tables.ts';

const tags = ['Changes'];
/** A day: changes older than that before an incident are history, not suspects. */
const MAX_WINDOW_MINUTES = 24 * 60;

const recentChangesQuery = z.strictObject({
  ...pageQuery,
  window_minutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_WINDOW_MINUTES)
    .default(60)
    .describe(`How far back from the moment the incident opened to look, in minutes (1–${MAX_WINDOW_MINUTES}, default 60)`),
  scope: z
    .enum(['service', 'organization'])
    .default('service')
    .describe("`service`: changes on the incident's service; `organization`: changes on every service of the organisation"),
});

const recentChangesView = z.object({
  incident_id: z.uuid(),
  scope: z.enum(['service', 'organization']),
  window: z.object({ start: z.string(), end: z.string(), minutes: z.number().int() }),
  changes: z.array(changeView),
  next_cursor: z.string().nullable(),
});

/** Changes seen next to incidents and services: what changed just before things broke. */
export function relatedChangeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/incidents/:id/changes',
      {
        schema: {
          tags,
          summary: 'Recent changes: what changed within a window before the incident opened, newest first',
          params: uuidParam,
          querystring: recentChangesQuery,
          response: { 200: recentChangesView },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const [incident] = await deps.store.db
          .select({ id: incidents.id, serviceId: incidents.serviceId, createdAt: incidents.createdAt })
          .from(incidents)
          .where(and(eq(incidents.id, request.params.id), eq(incidents.orgId, actor.orgId)));
        if (!incident) throw notFound('Incident');
        const end = incident.createdAt;
        const start = new Date(end.getTime() - q.window_minutes * 60_000);
        const where = and(q.scope === 'service' ? eq(changes.serviceId, incident.serviceId) : undefined, gte(changes.occurredAt, start), lte(changes.occurredAt, end));
        const page = await pageOfChanges(deps.store.db, actor.orgId, where, q);
        return { incident_id: incident.id, scope: q.scope, window: { start: start.toISOString(), end: end.toISOString(), minutes: q.window_minutes }, ...page };
      },
    );

    api.get(
      '/services/:id/changes',
      {
        schema: {
          tags,
          summary: "A service's changes, newest first",
          params: uuidParam,
          querystring: z.strictObject(pageQuery),
          response: { 200: z.object({ changes: z.array(changeView), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const [service] = await deps.store.db
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.id, request.params.id), eq(services.orgId, actor.orgId)));
        if (!service) throw notFound('Service');
        return pageOfChanges(deps.store.db, actor.orgId, eq(changes.serviceId, service.id), request.query);
      },
    );
  };
}
