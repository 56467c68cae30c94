import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { createPolicy, deletePolicy, updatePolicy } from './escalation-policies.commands.ts';
import { presentPolicy } from './escalation-policies.presenters.ts';
import { newPolicyBody, policyChangesBody, policyListQuery, policyView } from './escalation-policies.schema.ts';
import { escalationPolicies } from './oncall.tables.ts';

const tags = ['Escalation policies'];

export function escalationPolicyRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.post('/escalation-policies', { schema: { tags, summary: 'Create an escalation policy (admin)', body: newPolicyBody, response: { 201: policyView } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      return reply.status(201).send(presentPolicy(await createPolicy(deps, actor, request.body)));
    });

    api.get(
      '/escalation-policies',
      { schema: { tags, summary: 'List escalation policies, newest first', querystring: policyListQuery, response: { 200: z.object({ escalation_policies: z.array(policyView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const actor = actorOf(request);
        const cursor = decodeCursor(request.query.cursor, 'uuid');
        const after = cursor
          ? or(lt(escalationPolicies.createdAt, new Date(cursor.at)), and(eq(escalationPolicies.createdAt, new Date(cursor.at)), lt(escalationPolicies.id, cursor.id)))
          : undefined;
        const rows = await deps.store.db
          .select()
          .from(escalationPolicies)
          .where(and(eq(escalationPolicies.orgId, actor.orgId), after))
          .orderBy(desc(escalationPolicies.createdAt), desc(escalationPolicies.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          escalation_policies: page.map(presentPolicy),
          next_cursor: rows.length > request.query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    api.get('/escalation-policies/:id', { schema: { tags, summary: 'Get an escalation policy', params: uuidParam, response: { 200: policyView } } }, async (request) => {
      const actor = actorOf(request);
      const [row] = await deps.store.db.select().from(escalationPolicies).where(and(eq(escalationPolicies.id, request.params.id), eq(escalationPolicies.orgId, actor.orgId)));
      if (!row) throw notFound('Escalation policy');
      return presentPolicy(row);
    });

    api.patch(
      '/escalation-policies/:id',
      { schema: { tags, summary: 'Change an escalation policy (admin); running escalations keep the levels they started with', params: uuidParam, body: policyChangesBody, response: { 200: policyView } } },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        return presentPolicy(await updatePolicy(deps, actor, request.params.id, request.body));
      },
    );

    api.delete('/escalation-policies/:id', { schema: { tags, summary: 'Delete an escalation policy no service uses (admin)', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      await deletePolicy(deps, actor, request.params.id);
      return reply.status(204).send(null);
    });
  };
}
