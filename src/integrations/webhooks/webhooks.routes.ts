import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { authorize } from '../../modules/orgs/actor.ts';
import { actorOf } from '../../modules/orgs/authenticate.ts';
import { outbox } from '../../modules/outbox/outbox.tables.ts';
import { createWebhook, deleteWebhook, redeliver, rotateWebhookSecret, updateWebhook } from './webhooks.commands.ts';
import { presentDelivery, presentWebhook } from './webhooks.presenters.ts';
import { deliveryListQuery, deliveryParams, deliveryView, newWebhookBody, webhookChangesBody, webhookListQuery, webhookView, webhookWithSecretView } from './webhooks.schema.ts';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from './webhooks.tables.ts';

const tags = ['Outgoing webhooks'];

/** Outgoing webhook subscriptions and their delivery logs: admins only, scoped to the caller's organisation. */
export function webhookRoutes(deps: Deps): FastifyPluginAsyncZod {
  const admin = (request: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(request);
    authorize(actor, 'admin');
    return actor;
  };
  const find = async (orgId: string, id: string) => {
    const [row] = await deps.store.db
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.orgId, orgId)));
    if (!row) throw notFound('Webhook subscription');
    return row;
  };

  return async (api) => {
    api.post(
      '/webhooks',
      { schema: { tags, summary: 'Subscribe a URL to domain events; the signing secret is in the answer, this once', body: newWebhookBody, response: { 201: webhookWithSecretView } } },
      async (request, reply) => {
        const { subscription, secret } = await createWebhook(deps, admin(request), request.body);
        return reply.status(201).send({ ...presentWebhook(subscription), secret });
      },
    );

    api.get(
      '/webhooks',
      { schema: { tags, summary: 'Webhook subscriptions, newest first', querystring: webhookListQuery, response: { 200: z.object({ webhooks: z.array(webhookView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const actor = admin(request);
        const cursor = decodeCursor(request.query.cursor, 'uuid');
        const after = cursor
          ? or(lt(webhookSubscriptions.createdAt, new Date(cursor.at)), and(eq(webhookSubscriptions.createdAt, new Date(cursor.at)), lt(webhookSubscriptions.id, cursor.id)))
          : undefined;
        const rows = await deps.store.db
          .select()
          .from(webhookSubscriptions)
          .where(and(eq(webhookSubscriptions.orgId, actor.orgId), after))
          .orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          webhooks: page.map(presentWebhook),
          next_cursor: rows.length > request.query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    api.get('/webhooks/:id', { schema: { tags, summary: 'Get a webhook subscription', params: uuidParam, response: { 200: webhookView } } }, async (request) =>
      presentWebhook(await find(admin(request).orgId, request.params.id)),
    );

    api.patch(
      '/webhooks/:id',
      { schema: { tags, summary: 'Change a webhook subscription; {"enabled": true} re-enables one disabled for failing', params: uuidParam, body: webhookChangesBody, response: { 200: webhookView } } },
      async (request) => presentWebhook(await updateWebhook(deps, admin(request), request.params.id, request.body)),
    );

    api.delete('/webhooks/:id', { schema: { tags, summary: 'Delete a webhook subscription and its delivery log', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      await deleteWebhook(deps, admin(request), request.params.id);
      return reply.status(204).send(null);
    });

    api.post(
      '/webhooks/:id/rotate-secret',
      { schema: { tags, summary: 'A new signing secret (shown this once); the previous one also signs for 24 hours', params: uuidParam, response: { 200: webhookWithSecretView } } },
      async (request) => {
        const { subscription, secret } = await rotateWebhookSecret(deps, admin(request), request.params.id);
        return { ...presentWebhook(subscription), secret };
      },
    );

    api.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          summary: "The subscription's delivery log, newest first: each event, its status and every attempt with the answer",
          params: uuidParam,
          querystring: deliveryListQuery,
          response: { 200: z.object({ deliveries: z.array(deliveryView), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const actor = admin(request);
        const subscription = await find(actor.orgId, request.params.id);
        const cursor = decodeCursor(request.query.cursor, 'uuid');
        const after = cursor
          ? or(lt(webhookDeliveries.createdAt, new Date(cursor.at)), and(eq(webhookDeliveries.createdAt, new Date(cursor.at)), lt(webhookDeliveries.id, cursor.id)))
          : undefined;
        const rows = await deps.store.db
          .select({ delivery: webhookDeliveries, event: { type: outbox.type, createdAt: outbox.createdAt, data: outbox.data } })
          .from(webhookDeliveries)
          .innerJoin(outbox, and(eq(outbox.id, webhookDeliveries.outboxId), eq(outbox.orgId, webhookDeliveries.orgId)))
          .where(
            and(
              eq(webhookDeliveries.orgId, actor.orgId),
              eq(webhookDeliveries.subscriptionId, subscription.id),
              request.query.status ? eq(webhookDeliveries.status, request.query.status) : undefined,
              after,
            ),
          )
          .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const ids = page.map((row) => row.delivery.id);
        const attempts = ids.length
          ? await deps.store.db
              .select()
              .from(webhookAttempts)
              .where(and(eq(webhookAttempts.orgId, actor.orgId), inArray(webhookAttempts.deliveryId, ids)))
              .orderBy(asc(webhookAttempts.id))
          : [];
        const last = page.at(-1);
        return {
          deliveries: page.map((row) =>
            presentDelivery(
              row.delivery,
              row.event,
              attempts.filter((attempt) => attempt.deliveryId === row.delivery.id),
            ),
          ),
          next_cursor: rows.length > request.query.limit && last ? encodeCursor({ at: last.delivery.createdAt.toISOString(), id: last.delivery.id }) : null,
        };
      },
    );

    api.post(
      '/webhooks/:id/deliveries/:deliveryId/redeliver',
      { schema: { tags, summary: 'Attempt a delivery again now', params: deliveryParams, response: { 202: z.object({ status: z.literal('queued') }) } } },
      async (request, reply) => {
        await redeliver(deps, admin(request), request.params.id, request.params.deliveryId);
        return reply.status(202).send({ status: 'queued' });
      },
    );
  };
}
