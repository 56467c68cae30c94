import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { users } from '../orgs/orgs.tables.ts';
import { storableInstant } from './schedules.schema.ts';
import { userShifts } from './user-shifts.ts';

const tags = ['On-call schedules'];
const DAY = 86_400_000;
const DEFAULT_DAYS = 14;
/** As long as a schedule render may be. */
const MAX_DAYS = 93;

const shiftsQuery = z.strictObject({
  since: storableInstant.optional().describe('Default: now'),
  until: storableInstant.optional().describe(`Default: ${DEFAULT_DAYS} days after since; at most ${MAX_DAYS} days after it`),
});

const shiftsView = z.object({
  since: z.string(),
  until: z.string(),
  shifts: z.array(z.object({ schedule_id: z.uuid(), schedule_name: z.string(), start: z.string(), end: z.string() })).describe('By start, cut to the range'),
});

/** When a user is on call, across every schedule of the organisation (the schedules as rendered, overrides included). */
export function oncallShiftRoutes(deps: Deps): FastifyPluginAsyncZod {
  const shifts = async (orgId: string, userId: string, query: z.output<typeof shiftsQuery>) => {
    const since = query.since ?? deps.clock.now();
    const until = query.until ?? new Date(since.getTime() + DEFAULT_DAYS * DAY);
    if (until <= since) throw invalid('until', 'must be after since');
    if (until.getTime() - since.getTime() > MAX_DAYS * DAY) throw invalid('until', `must be at most ${MAX_DAYS} days after since`);
    const found = await userShifts(deps.store.db, orgId, userId, since, until);
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      shifts: found.map((shift) => ({ schedule_id: shift.scheduleId, schedule_name: shift.scheduleName, start: shift.start.toISOString(), end: shift.end.toISOString() })),
    };
  };

  return async (api) => {
    api.get('/me/oncall-shifts', { schema: { tags, summary: 'Your on-call shifts in every schedule over a range', querystring: shiftsQuery, response: { 200: shiftsView } } }, async (request) => {
      const actor = actorOf(request);
      return shifts(actor.orgId, actor.userId, request.query);
    });

    api.get(
      '/users/:id/oncall-shifts',
      { schema: { tags, summary: "A user's on-call shifts in every schedule over a range", params: uuidParam, querystring: shiftsQuery, response: { 200: shiftsView } } },
      async (request) => {
        const actor = actorOf(request);
        const [user] = await deps.store.db.select({ id: users.id }).from(users).where(and(eq(users.id, request.params.id), eq(users.orgId, actor.orgId)));
        if (!user) throw notFound('User');
        return shifts(actor.orgId, user.id, request.query);
      },
    );
  };
}
