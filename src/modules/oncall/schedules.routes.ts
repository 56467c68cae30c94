import { and, asc, desc, eq, gt, lt, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { scheduleOverrides, schedules } from './oncall.tables.ts';
import { renderSchedule } from './schedule-render.ts';
import { createOverride, createSchedule, deleteOverride, deleteSchedule, updateSchedule } from './schedules.commands.ts';
import { presentOverride, presentRender, presentSchedule } from './schedules.presenters.ts';
import {
  newOverrideBody,
  newScheduleBody,
  oncallQuery,
  oncallView,
  overrideListQuery,
  overrideParams,
  overrideView,
  renderQuery,
  renderView,
  scheduleChangesBody,
  scheduleListQuery,
  scheduleView,
} from './schedules.schema.ts';
import { currentShift, SHIFT_HORIZON_DAYS } from './schedules.shift.ts';
import { loadSchedules, loadUsers, userRef } from './schedules.store.ts';

const tags = ['On-call schedules'];
const DAY = 86_400_000;
/** The longest range one render covers (about a quarter). */
const MAX_RENDER_DAYS = 93;
const MAX_OVERRIDES_LISTED = 1000;

export function scheduleRoutes(deps: Deps): FastifyPluginAsyncZod {
  /** The schedule with its overrides overlapping [since, until), or 404. */
  const loadSchedule = async (orgId: string, id: string, since: Date, until: Date) => {
    const loaded = (await loadSchedules(deps.store.db, orgId, [id], since, until)).get(id);
    if (!loaded) throw notFound('Schedule');
    return loaded;
  };
  const findSchedule = async (orgId: string, id: string) => {
    const [row] = await deps.store.db.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.orgId, orgId)));
    if (!row) throw notFound('Schedule');
    return row;
  };

  return async (api) => {
    api.post('/schedules', { schema: { tags, summary: 'Create an on-call schedule', body: newScheduleBody, response: { 201: scheduleView } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return reply.status(201).send(presentSchedule(await createSchedule(deps, actor, request.body)));
    });

    api.get(
      '/schedules',
      { schema: { tags, summary: 'List schedules, newest first', querystring: scheduleListQuery, response: { 200: z.object({ schedules: z.array(scheduleView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const actor = actorOf(request);
        const cursor = decodeCursor(request.query.cursor, 'uuid');
        const after = cursor
          ? or(lt(schedules.createdAt, new Date(cursor.at)), and(eq(schedules.createdAt, new Date(cursor.at)), lt(schedules.id, cursor.id)))
          : undefined;
        const rows = await deps.store.db
          .select()
          .from(schedules)
          .where(and(eq(schedules.orgId, actor.orgId), after))
          .orderBy(desc(schedules.createdAt), desc(schedules.id))
          .limit(request.query.limit + 1);
        const page = rows.slice(0, request.query.limit);
        const last = page.at(-1);
        return {
          schedules: page.map(presentSchedule),
          next_cursor: rows.length > request.query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
        };
      },
    );

    api.get('/schedules/:id', { schema: { tags, summary: 'Get a schedule', params: uuidParam, response: { 200: scheduleView } } }, async (request) =>
      presentSchedule(await findSchedule(actorOf(request).orgId, request.params.id)),
    );

    api.patch('/schedules/:id', { schema: { tags, summary: 'Change a schedule (name, description, time zone, layers)', params: uuidParam, body: scheduleChangesBody, response: { 200: scheduleView } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      return presentSchedule(await updateSchedule(deps, actor, request.params.id, request.body));
    });

    api.delete('/schedules/:id', { schema: { tags, summary: 'Delete a schedule no escalation policy uses', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'responder');
      await deleteSchedule(deps, actor, request.params.id);
      return reply.status(204).send(null);
    });

    api.post(
      '/schedules/:id/overrides',
      { schema: { tags, summary: 'Put someone on call instead of every layer for a while', params: uuidParam, body: newOverrideBody, response: { 201: overrideView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        const override = await createOverride(deps, actor, request.params.id, request.body);
        const users = await loadUsers(deps.store.db, actor.orgId, [override.userId]);
        return reply.status(201).send(presentOverride(override, users));
      },
    );

    api.get(
      '/schedules/:id/overrides',
      { schema: { tags, summary: "A schedule's overrides that overlap a range, by start", params: uuidParam, querystring: overrideListQuery, response: { 200: z.object({ overrides: z.array(overrideView) }) } } },
      async (request) => {
        const actor = actorOf(request);
        const since = request.query.since ?? deps.clock.now();
        const until = request.query.until;
        if (until && until <= since) throw invalid('until', 'must be after since');
        await findSchedule(actor.orgId, request.params.id);
        const rows = await deps.store.db
          .select()
          .from(scheduleOverrides)
          .where(and(eq(scheduleOverrides.orgId, actor.orgId), eq(scheduleOverrides.scheduleId, request.params.id), gt(scheduleOverrides.end, since), until && lt(scheduleOverrides.start, until)))
          .orderBy(asc(scheduleOverrides.start), asc(scheduleOverrides.createdAt))
          .limit(MAX_OVERRIDES_LISTED);
        const users = await loadUsers(
          deps.store.db,
          actor.orgId,
          rows.map((row) => row.userId),
        );
        return { overrides: rows.map((row) => presentOverride(row, users)) };
      },
    );

    api.delete(
      '/schedules/:id/overrides/:overrideId',
      { schema: { tags, summary: 'Remove an override', params: overrideParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        await deleteOverride(deps, actor, request.params.id, request.params.overrideId);
        return reply.status(204).send(null);
      },
    );

    api.get('/schedules/:id/oncall', { schema: { tags, summary: 'Who is on call at an instant, and until when', params: uuidParam, querystring: oncallQuery, response: { 200: oncallView } } }, async (request) => {
      const actor = actorOf(request);
      const at = request.query.at ?? deps.clock.now();
      const horizon = SHIFT_HORIZON_DAYS * DAY;
      const { schedule } = await loadSchedule(actor.orgId, request.params.id, new Date(at.getTime() - horizon), new Date(at.getTime() + horizon));
      const shift = currentShift(schedule, at);
      const users = await loadUsers(deps.store.db, actor.orgId, shift.userIds);
      return { at: at.toISOString(), users: shift.userIds.map((id) => userRef(users, id)), until: shift.end?.toISOString() ?? null };
    });

    api.get(
      '/schedules/:id/render',
      { schema: { tags, summary: `Who is on call over a range of at most ${MAX_RENDER_DAYS} days, in the end and per layer`, params: uuidParam, querystring: renderQuery, response: { 200: renderView } } },
      async (request) => {
        const actor = actorOf(request);
        const { since, until } = request.query;
        if (until <= since) throw invalid('until', 'must be after since');
        if (until.getTime() - since.getTime() > MAX_RENDER_DAYS * DAY) throw invalid('until', `must be at most ${MAX_RENDER_DAYS} days after since`);
        const { row, schedule } = await loadSchedule(actor.orgId, request.params.id, since, until);
        const rendered = renderSchedule(schedule, since, until);
        const ids = [...rendered.final, ...rendered.layers.flatMap((layer) => layer.entries)].map((entry) => entry.userId);
        return presentRender(rendered, row, await loadUsers(deps.store.db, actor.orgId, ids));
      },
    );
  };
}
