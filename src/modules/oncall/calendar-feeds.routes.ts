import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { issueCalendarFeed } from './calendar-feeds.commands.ts';
import { calendarFeedText } from './calendar-feeds.ical.ts';

const tags = ['On-call schedules'];
const feedView = z.object({ url: z.string().describe('Secret iCalendar URL, shown only in this answer; readable without signing in') });
// Nothing to send: Fastify hands a route without a body null.
const noBody = z.strictObject({}).nullish();

/** /api/v1: make or rotate the secret feed URL of a schedule or of a user. */
export function calendarFeedApiRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.post(
      '/schedules/:id/calendar-feed',
      { schema: { tags, summary: "Make the schedule's calendar feed URL, or a new one that replaces it", params: uuidParam, body: noBody, response: { 201: feedView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        return reply.status(201).send({ url: await issueCalendarFeed(deps, actor, 'schedule', request.params.id) });
      },
    );

    api.post(
      '/users/:id/calendar-feed',
      { schema: { tags, summary: "Make a user's calendar feed URL (their shifts in every schedule), or a new one that replaces it", params: uuidParam, body: noBody, response: { 201: feedView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        if (request.params.id !== actor.userId) authorize(actor, 'admin');
        return reply.status(201).send({ url: await issueCalendarFeed(deps, actor, 'user', request.params.id) });
      },
    );
  };
}

/** Outside /api/v1 and without authentication: calendar apps subscribe with the secret URL alone. */
export function calendarFeedRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/calendars/:token.ics',
      {
        schema: {
          tags,
          summary: 'A calendar feed (iCalendar) of on-call shifts, from a week ago to two months ahead',
          security: [],
          params: z.strictObject({ token: z.string().min(1).max(100) }),
          response: { 200: { content: { 'text/calendar': { schema: z.string() } } } },
        },
      },
      async (request, reply) => {
        const text = await calendarFeedText(deps.store.db, request.params.token, deps.clock.now());
        if (text === undefined) throw notFound('Calendar feed');
        return reply.type('text/calendar; charset=utf-8').send(text);
      },
    );
  };
}
