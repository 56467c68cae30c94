import { and, asc, desc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { acknowledgeIncident, addNote, createIncident, resolveIncident } from './incidents.commands.ts';
import { presentAlert, presentIncident, presentLogEntry } from './incidents.presenters.ts';
import { incidentDetailView, incidentListQuery, incidentView, logEntryView, newIncidentBody, noteBody } from './incidents.schema.ts';
import { alerts, incidentLog, incidents } from './incidents.tables.ts';

const tags = ['Incidents'];
const MAX_DETAIL_ROWS = 1000;

export function incidentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/incidents',
      { schema: { tags, summary: 'List incidents, newest first, with filters', querystring: incidentListQuery, response: { 200: z.object({ incidents: z.array(incidentView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const cursor = decodeCursor(q.cursor, 'uuid');
        const rows = await deps.store.db
          .select()
          .from(incidents)
          .where(
            and(
              eq(incidents.orgId, actor.orgId),
              q.status?.length ? inArray(incidents.status, q.status) : undefined,
              q.severity?.length ? inArray(incidents.severity, q.severity) : undefined,
              q.service_id?.length ? inArray(incidents.serviceId, q.service_id) : undefined,
              q.since ? gte(incidents.createdAt, new Date(q.since)) : undefined,
              q.until ? lt(incidents.createdAt, new Date(q.until)) : undefined,
              cursor ? or(lt(incidents.createdAt, new Date(cursor.at)), and(eq(incidents.createdAt, new Date(cursor.at)), lt(incidents.id, cursor.id))) : undefined,
            ),
          )
          .orderBy(desc(incidents.createdAt), desc(incidents.id))
          .limit(q.limit + 1);
        const page = rows.slice(0, q.limit);
        const last = page.at(-1);
        return {
          incidents: page.map(presentIncident),
          next_cursor: rows.length > q.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    api.get('/incidents/:id', { schema: { tags, summary: 'An incident with its alerts and timeline', params: uuidParam, response: { 200: incidentDetailView } } }, async (request) => {
      const actor = actorOf(request);
      const id = request.params.id;
      const [incident] = await deps.store.db.select().from(incidents).where(and(eq(incidents.id, id), eq(incidents.orgId, actor.orgId)));
      if (!incident) throw notFound('Incident');
      const [alertRows, logRows] = await Promise.all([
        deps.store.db.select().from(alerts).where(and(eq(alerts.orgId, actor.orgId), eq(alerts.incidentId, id))).orderBy(asc(alerts.createdAt)).limit(MAX_DETAIL_ROWS),
        deps.store.db.select().from(incidentLog).where(and(eq(incidentLog.orgId, actor.orgId), eq(incidentLog.incidentId, id))).orderBy(asc(incidentLog.id)).limit(MAX_DETAIL_ROWS),
      ]);
      return { ...presentIncident(incident), alerts: alertRows.map(presentAlert), timeline: logRows.map(presentLogEntry) };
    });

    api.post('/incidents', { schema: { tags, summary: 'Open an incident by hand', body: newIncidentBody, response: { 201: incidentView } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return reply.status(201).send(presentIncident(await createIncident(deps, actor, request.body)));
    });

    api.post('/incidents/:id/acknowledge', { schema: { tags, summary: 'Acknowledge an incident', params: uuidParam, response: { 200: incidentView } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return presentIncident(await acknowledgeIncident(deps, actor, request.params.id));
    });

    api.post('/incidents/:id/resolve', { schema: { tags, summary: 'Resolve an incident and its open alerts', params: uuidParam, response: { 200: incidentView } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return presentIncident(await resolveIncident(deps, actor, request.params.id));
    });

    api.post('/incidents/:id/notes', { schema: { tags, summary: 'Add a note to the timeline', params: uuidParam, body: noteBody, response: { 201: logEntryView } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return reply.status(201).send(presentLogEntry(await addNote(deps, actor, request.params.id, request.body.text)));
    });
  };
}
