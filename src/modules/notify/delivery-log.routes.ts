import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { users } from '../orgs/orgs.tables.ts';
import { presentDelivery, presentMail } from './notify.presenters.ts';
import { deliveryView, mailOutboxQuery, mailView } from './notify.schema.ts';
import { mailOutbox, notificationAttempts, notifications } from './notify.tables.ts';

const MAX_DELIVERIES = 1000;

/** Where notifications went: an incident's delivery log, and the mail outbox of an instance without SMTP. */
export function deliveryLogRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/incidents/:id/notifications',
      {
        schema: {
          tags: ['Incidents'],
          summary: "The incident's delivery log: each notification, whom it was for, and each attempt to send it",
          params: uuidParam,
          response: { 200: z.object({ notifications: z.array(deliveryView) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const [incident] = await deps.store.db.select({ id: incidents.id }).from(incidents).where(and(eq(incidents.id, request.params.id), eq(incidents.orgId, actor.orgId)));
        if (!incident) throw notFound('Incident');
        const rows = await deps.store.db
          .select({ notification: notifications, userName: users.name, userEmail: users.email })
          .from(notifications)
          .leftJoin(users, and(eq(users.id, notifications.userId), eq(users.orgId, notifications.orgId)))
          .where(and(eq(notifications.orgId, actor.orgId), eq(notifications.incidentId, incident.id)))
          .orderBy(asc(notifications.createdAt), asc(notifications.dueAt), asc(notifications.id))
          .limit(MAX_DELIVERIES);
        const ids = rows.map((row) => row.notification.id);
        const attempts = ids.length
          ? await deps.store.db
              .select()
              .from(notificationAttempts)
              .where(and(eq(notificationAttempts.orgId, actor.orgId), inArray(notificationAttempts.notificationId, ids)))
              .orderBy(asc(notificationAttempts.id))
          : [];
        return {
          notifications: rows.map((row) =>
            presentDelivery(
              row.notification,
              row.userName === null || row.userEmail === null ? null : { name: row.userName, email: row.userEmail },
              attempts.filter((attempt) => attempt.notificationId === row.notification.id),
            ),
          ),
        };
      },
    );

    api.get(
      '/mail-outbox',
      {
        schema: {
          tags: ['Notifications'],
          summary: 'Mail Vigil would have sent, newest first (admin): where mail goes while SMTP_URL is unset',
          querystring: mailOutboxQuery,
          response: { 200: z.object({ mails: z.array(mailView), next_cursor: z.string().nullable() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        const cursor = decodeCursor(request.query.cursor, 'serial');
        const rows = await deps.store.db
          .select()
          .from(mailOutbox)
          .where(and(eq(mailOutbox.orgId, actor.orgId), cursor ? lt(mailOutbox.id, Number(cursor.id)) : undefined))
          .orderBy(desc(mailOutbox.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          mails: page.map(presentMail),
          next_cursor: rows.length > request.query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: String(last.id) }) : null,
        };
      },
    );
  };
}
