import { and, eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { users } from '../orgs/orgs.tables.ts';
import { escalateIncident, reassignIncident } from './escalation.commands.ts';
import { incidentEscalations } from './oncall.tables.ts';

const tags = ['Incidents'];

const escalationView = z.object({
  policy_id: z.uuid().nullable(),
  status: z.enum(['active', 'stopped']),
  level: z.number().int().describe('1-based; 0 before the first level is entered'),
  loop: z.number().int().describe('How many times the policy has started over'),
  levels: z.number().int(),
  next_escalation_at: z.iso.datetime().nullable(),
  assignees: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
});

export function escalationRoutes(deps: Deps): FastifyPluginAsyncZod {
  const view = async (orgId: string, incidentId: string) => {
    const [incident] = await deps.store.db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.id, incidentId), eq(incidents.orgId, orgId)));
    if (!incident) throw notFound('Incident');
    const [row] = await deps.store.db.select().from(incidentEscalations).where(and(eq(incidentEscalations.incidentId, incidentId), eq(incidentEscalations.orgId, orgId)));
    if (!row) return null;
    const people = row.assignees.length
      ? await deps.store.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, row.assignees)))
      : [];
    return {
      policy_id: row.policyId,
      status: row.status,
      level: row.level + 1,
      loop: row.loop,
      levels: row.levels.length,
      next_escalation_at: row.nextEscalationAt?.toISOString() ?? null,
      assignees: row.assignees.flatMap((id) => people.filter((person) => person.id === id)),
    };
  };

  return async (api) => {
    api.get(
      '/incidents/:id/escalation',
      { schema: { tags, summary: 'Where the incident is in its escalation policy, and who it is assigned to', params: uuidParam, response: { 200: z.object({ escalation: escalationView.nullable() }) } } },
      async (request) => ({ escalation: await view(actorOf(request).orgId, request.params.id) }),
    );

    api.post(
      '/incidents/:id/escalate',
      {
        schema: {
          tags,
          summary: 'Escalate by hand to a level of the policy (default: the next level)',
          params: uuidParam,
          // Optional: Fastify hands a route called without a body null (a `.default({})` never applies).
          body: z.strictObject({ level: z.number().int().min(1).max(20).optional().describe('1-based level to escalate to') }).nullish(),
          response: { 200: z.object({ escalation: escalationView.nullable() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        await escalateIncident(deps, actor, request.params.id, request.body?.level);
        return { escalation: await view(actor.orgId, request.params.id) };
      },
    );

    api.post(
      '/incidents/:id/reassign',
      {
        schema: {
          tags,
          summary: 'Assign the incident to these users; its escalation stops and they are notified',
          params: uuidParam,
          body: z.strictObject({ user_ids: z.array(z.uuid()).min(1).max(20) }),
          response: { 200: z.object({ escalation: escalationView.nullable() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        await reassignIncident(deps, actor, request.params.id, request.body.user_ids);
        return { escalation: await view(actor.orgId, request.params.id) };
      },
    );
  };
}
