import { and, count, desc, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { overviewsChanged } from '../analytics/overview.cache.ts';
import { events } from '../events/events.tables.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import type { IntegrationDirectory } from './integration-directory.ts';
import { NO_HEALTH, serviceHealth } from './service-health.ts';
import { checkIntegrationType, createIntegration, createMaintenanceWindow, createService, deleteIntegration, deleteService, endMaintenanceWindow, updateIntegration, updateService } from './services.commands.ts';
import { presentIntegration, presentMaintenanceWindow, presentService } from './services.presenters.ts';
import {
  createdIntegrationView,
  eventStatsView,
  integrationChangesBody,
  integrationView,
  maintenanceWindowView,
  newIntegrationBody,
  newMaintenanceWindowBody,
  newServiceBody,
  serviceChangesBody,
  serviceListQuery,
  serviceView,
} from './services.schema.ts';
import { integrations, maintenanceWindows, services } from './services.tables.ts';

const tags = ['Services and integrations'];

export function serviceRoutes(deps: Deps, directory: IntegrationDirectory): FastifyPluginAsyncZod {
  const integrationOut = (row: Parameters<typeof presentIntegration>[0]) => presentIntegration(row, deps);

  return async (api) => {
    api.post('/services', { schema: { tags, summary: 'Create a service', body: newServiceBody, response: { 201: serviceView } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return reply.status(201).send(presentService(await createService(deps, actor, request.body), NO_HEALTH));
    });

    api.get(
      '/services',
      { schema: { tags, summary: 'List services, newest first, with their open incidents and newest event', querystring: serviceListQuery, response: { 200: z.object({ services: z.array(serviceView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const actor = actorOf(request);
        const cursor = decodeCursor(request.query.cursor, 'uuid');
        const after = cursor
          ? or(lt(services.createdAt, new Date(cursor.at)), and(eq(services.createdAt, new Date(cursor.at)), lt(services.id, cursor.id)))
          : undefined;
        const rows = await deps.store.db
          .select()
          .from(services)
          .where(and(eq(services.orgId, actor.orgId), after))
          .orderBy(desc(services.createdAt), desc(services.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        const health = await serviceHealth(deps.store.db, actor.orgId, page.map((service) => service.id), deps.clock.now());
        return {
          services: page.map((service) => presentService(service, health.get(service.id) ?? NO_HEALTH)),
          next_cursor: rows.length > request.query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    const findService = async (orgId: string, id: string) => {
      const [service] = await deps.store.db.select().from(services).where(and(eq(services.id, id), eq(services.orgId, orgId)));
      if (!service) throw notFound('Service');
      return service;
    };

    /** The service as the API shows it: with its open incidents and newest event. */
    const withHealth = async (orgId: string, service: Awaited<ReturnType<typeof findService>>) =>
      presentService(service, (await serviceHealth(deps.store.db, orgId, [service.id], deps.clock.now())).get(service.id) ?? NO_HEALTH);

    api.get('/services/:id', { schema: { tags, summary: 'Get a service, with its open incidents and newest event', params: uuidParam, response: { 200: serviceView } } }, async (request) => {
      const actor = actorOf(request);
      return withHealth(actor.orgId, await findService(actor.orgId, request.params.id));
    });

    api.patch('/services/:id', { schema: { tags, summary: 'Change a service (name, description, status, policy)', params: uuidParam, body: serviceChangesBody, response: { 200: serviceView } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      const service = await updateService(deps, actor, request.params.id, request.body);
      await overviewsChanged(deps.cache, actor.orgId); // its name is in the overview
      return withHealth(actor.orgId, service);
    });

    api.delete('/services/:id', { schema: { tags, summary: 'Delete a service and its integrations', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      await deleteService(deps, directory, actor, request.params.id);
      await overviewsChanged(deps.cache, actor.orgId);
      return reply.status(204).send(null);
    });

    api.post(
      '/services/:id/maintenance-windows',
      { schema: { tags, summary: 'Schedule a maintenance window: triggers during it open no incident and page nobody', params: uuidParam, body: newMaintenanceWindowBody, response: { 201: maintenanceWindowView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        return reply.status(201).send(presentMaintenanceWindow(await createMaintenanceWindow(deps, actor, request.params.id, request.body)));
      },
    );

    api.get(
      '/services/:id/maintenance-windows',
      {
        schema: {
          tags,
          summary: 'Maintenance windows of the service, latest start first',
          params: uuidParam,
          querystring: z.strictObject({ ongoing_or_future: z.enum(['true', 'false']).default('false') }),
          response: { 200: z.object({ maintenance_windows: z.array(maintenanceWindowView) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await findService(actor.orgId, request.params.id);
        const rows = await deps.store.db
          .select()
          .from(maintenanceWindows)
          .where(
            and(
              eq(maintenanceWindows.orgId, actor.orgId),
              eq(maintenanceWindows.serviceId, request.params.id),
              request.query.ongoing_or_future === 'true' ? gt(maintenanceWindows.end, deps.clock.now()) : undefined,
            ),
          )
          .orderBy(desc(maintenanceWindows.start))
          .limit(500);
        return { maintenance_windows: rows.map(presentMaintenanceWindow) };
      },
    );

    api.delete(
      '/services/:id/maintenance-windows/:windowId',
      {
        schema: {
          tags,
          summary: 'End a maintenance window now (or remove one that has not begun)',
          params: z.strictObject({ id: z.uuid(), windowId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        await endMaintenanceWindow(deps, actor, request.params.id, request.params.windowId);
        return reply.status(204).send(null);
      },
    );

    api.get(
      '/services/:id/event-stats',
      { schema: { tags, summary: 'Events received by the service, counted by what folding did with them', params: uuidParam, response: { 200: eventStatsView } } },
      async (request) => {
        const actor = actorOf(request);
        await findService(actor.orgId, request.params.id);
        const rows = await deps.store.db
          .select({ outcome: sql<string>`coalesce(${events.outcome}, 'pending')`, n: count() })
          .from(events)
          .where(and(eq(events.orgId, actor.orgId), eq(events.serviceId, request.params.id)))
          .groupBy(events.outcome);
        return { outcomes: Object.fromEntries(rows.map((row) => [row.outcome, row.n])) };
      },
    );

    api.post(
      '/services/:id/integrations',
      { schema: { tags, summary: 'Add an integration; its URL and key go to the sending tool', params: uuidParam, body: newIntegrationBody, response: { 201: createdIntegrationView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        const kind = checkIntegrationType(request.body.type);
        const { integration, generatedSecrets } = await createIntegration(deps, actor, request.params.id, kind, request.body);
        return reply.status(201).send({ ...integrationOut(integration), generated_secrets: generatedSecrets as Record<string, string> });
      },
    );

    api.get('/services/:id/integrations', { schema: { tags, summary: "A service's integrations", params: uuidParam, response: { 200: z.object({ integrations: z.array(integrationView) }) } } }, async (request) => {
      const actor = actorOf(request);
      await findService(actor.orgId, request.params.id);
      const rows = await deps.store.db
        .select()
        .from(integrations)
        .where(and(eq(integrations.orgId, actor.orgId), eq(integrations.serviceId, request.params.id)))
        .orderBy(integrations.createdAt);
      return { integrations: rows.map(integrationOut) };
    });

    api.get('/integrations/:id', { schema: { tags, summary: 'Get an integration', params: uuidParam, response: { 200: integrationView } } }, async (request) => {
      const actor = actorOf(request);
      const [row] = await deps.store.db.select().from(integrations).where(and(eq(integrations.id, request.params.id), eq(integrations.orgId, actor.orgId)));
      if (!row) throw notFound('Integration');
      return integrationOut(row);
    });

    api.patch('/integrations/:id', { schema: { tags, summary: 'Rename an integration or set its rate limit', params: uuidParam, body: integrationChangesBody, response: { 200: integrationView } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return integrationOut(await updateIntegration(deps, directory, actor, request.params.id, request.body));
    });

    api.delete('/integrations/:id', { schema: { tags, summary: 'Delete an integration: its key stops working', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      await deleteIntegration(deps, directory, actor, request.params.id);
      return reply.status(204).send(null);
    });
  };
}
