import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { notFound } from '../../http/errors.ts';
import { type Actor, authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { users } from '../orgs/orgs.tables.ts';
import { createContactMethod, createNotificationRule, deleteContactMethod, deleteNotificationRule, updateContactMethod } from './notify.commands.ts';
import { presentContactMethod, presentNotificationRule } from './notify.presenters.ts';
import {
  contactMethodChangesBody,
  contactMethodView,
  newContactMethodBody,
  newNotificationRuleBody,
  notificationRuleView,
  userItemParam,
  userParam,
} from './notify.schema.ts';
import { contactMethods, notificationRules } from './notify.tables.ts';

const tags = ['Notifications'];

/** A user's contact methods and notification rules: theirs to manage, or an admin's. */
export function contactRoutes(deps: Deps): FastifyPluginAsyncZod {
  /** 404 for a user of another organisation (their existence is not revealed), then 403 unless self or admin. */
  const mayManage = async (actor: Actor, userId: string) => {
    const [user] = await deps.store.db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.orgId, actor.orgId)));
    if (!user) throw notFound('User');
    if (actor.userId !== userId) authorize(actor, 'admin');
  };

  return async (api) => {
    api.post(
      '/users/:userId/contact-methods',
      { schema: { tags, summary: 'Add a contact method (type email)', params: userParam, body: newContactMethodBody, response: { 201: contactMethodView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        return reply.status(201).send(presentContactMethod(await createContactMethod(deps, actor, request.params.userId, request.body)));
      },
    );

    api.get(
      '/users/:userId/contact-methods',
      { schema: { tags, summary: "A user's contact methods", params: userParam, response: { 200: z.object({ contact_methods: z.array(contactMethodView) }) } } },
      async (request) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        const rows = await deps.store.db
          .select()
          .from(contactMethods)
          .where(and(eq(contactMethods.orgId, actor.orgId), eq(contactMethods.userId, request.params.userId)))
          .orderBy(asc(contactMethods.createdAt), asc(contactMethods.id));
        return { contact_methods: rows.map(presentContactMethod) };
      },
    );

    api.patch(
      '/users/:userId/contact-methods/:id',
      {
        schema: {
          tags,
          summary: 'Change the label or address of a contact method (notifications already scheduled keep the old address)',
          params: userItemParam,
          body: contactMethodChangesBody,
          response: { 200: contactMethodView },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        return presentContactMethod(await updateContactMethod(deps, actor, request.params.userId, request.params.id, request.body));
      },
    );

    api.delete(
      '/users/:userId/contact-methods/:id',
      { schema: { tags, summary: 'Delete a contact method and the notification rules that use it', params: userItemParam, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        await deleteContactMethod(deps, actor, request.params.userId, request.params.id);
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/users/:userId/notification-rules',
      {
        schema: {
          tags,
          summary: 'Notify the user by a contact method, a number of minutes after they are assigned an incident of an urgency',
          params: userParam,
          body: newNotificationRuleBody,
          response: { 201: notificationRuleView },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        return reply.status(201).send(presentNotificationRule(await createNotificationRule(deps, actor, request.params.userId, request.body)));
      },
    );

    api.get(
      '/users/:userId/notification-rules',
      { schema: { tags, summary: "A user's notification rules", params: userParam, response: { 200: z.object({ notification_rules: z.array(notificationRuleView) }) } } },
      async (request) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        const rows = await deps.store.db
          .select()
          .from(notificationRules)
          .where(and(eq(notificationRules.orgId, actor.orgId), eq(notificationRules.userId, request.params.userId)))
          .orderBy(asc(notificationRules.urgency), asc(notificationRules.delayMinutes), asc(notificationRules.createdAt), asc(notificationRules.id));
        return { notification_rules: rows.map(presentNotificationRule) };
      },
    );

    api.delete(
      '/users/:userId/notification-rules/:id',
      { schema: { tags, summary: 'Delete a notification rule', params: userItemParam, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        await mayManage(actor, request.params.userId);
        await deleteNotificationRule(deps, actor, request.params.userId, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
