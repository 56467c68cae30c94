import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { escalationPolicies } from './oncall.tables.ts';
import { userRefView } from './schedules.schema.ts';
import { type CurrentShift, currentShift, SHIFT_HORIZON_DAYS } from './schedules.shift.ts';
import { loadSchedules, loadUsers } from './schedules.store.ts';
import { oncallsCache } from './oncalls.cache.ts';

const DAY = 86_400_000;

const oncallsQuery = z.strictObject({
  escalation_policy_id: z.uuid().optional(),
  schedule_id: z.uuid().optional(),
  user_id: z.uuid().optional(),
});

const oncallEntry = z.object({
  escalation_policy: z.object({ id: z.uuid(), name: z.string() }),
  level: z.number().int().describe('1 is the first level'),
  schedule: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Null when the level names the user directly'),
  user: userRefView,
  start: z.string().nullable().describe('Start of the shift; null for users named directly (always) or beyond 93 days'),
  end: z.string().nullable().describe('End of the shift; null for users named directly (always) or beyond 93 days'),
});

type OncallEntry = z.output<typeof oncallEntry>;

/** GET /oncalls: who every escalation policy would page now, level by level. */
export function oncallRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/oncalls',
      { schema: { tags: ['Escalation policies'], summary: 'Who is on call now, for every escalation policy, level and target', querystring: oncallsQuery, response: { 200: z.object({ oncalls: z.array(oncallEntry) }) } } },
      async (request) => ({ oncalls: await oncallsNow(deps, actorOf(request).orgId, request.query) }),
    );
  };
}

/**
 * Who every escalation policy would page now, level by level (GET /oncalls, Slack's `/vigil oncall`). Cached
 * per organisation until the first shift in it ends, or a schedule or policy changes.
 */
export async function oncallsNow(deps: Deps, orgId: string, filter: z.output<typeof oncallsQuery> = {}): Promise<OncallEntry[]> {
  const now = deps.clock.now().getTime();
  const cached = await oncallsCache<OncallEntry>(deps).get(
    orgId,
    async () => {
      const entries = await computeOncalls(deps, orgId, new Date(now));
      const ends = entries.flatMap((entry) => (entry.end ? [Date.parse(entry.end)] : []));
      const until = Math.min(now + 3_600_000, ...ends);
      return { value: { at: now, until, entries }, ttlMs: until - now };
    },
    (value) => value.at <= now && now < value.until,
  );
  return cached.entries.filter(
    (entry) =>
      (!filter.escalation_policy_id || entry.escalation_policy.id === filter.escalation_policy_id) &&
      (!filter.schedule_id || entry.schedule?.id === filter.schedule_id) &&
      (!filter.user_id || entry.user.id === filter.user_id),
  );
}

async function computeOncalls(deps: Deps, orgId: string, now: Date): Promise<OncallEntry[]> {
  const policies = await deps.store.db
    .select()
    .from(escalationPolicies)
    .where(eq(escalationPolicies.orgId, orgId))
    .orderBy(asc(escalationPolicies.name), asc(escalationPolicies.id));
  const targets = policies.flatMap((policy) => policy.levels.flatMap((level) => level.targets));
  const horizon = SHIFT_HORIZON_DAYS * DAY;
  const loaded = await loadSchedules(
    deps.store.db,
    orgId,
    targets.filter((target) => target.type === 'schedule').map((target) => target.id),
    new Date(now.getTime() - horizon),
    new Date(now.getTime() + horizon),
  );
  const shifts = new Map<string, CurrentShift>([...loaded].map(([id, { schedule }]) => [id, currentShift(schedule, now)]));
  const users = await loadUsers(deps.store.db, orgId, [
    ...targets.filter((target) => target.type === 'user').map((target) => target.id),
    ...[...shifts.values()].flatMap((shift) => shift.userIds),
  ]);

  const oncalls: OncallEntry[] = [];
  for (const policy of policies) {
    const escalation_policy = { id: policy.id, name: policy.name };
    policy.levels.forEach((level, index) => {
      for (const target of level.targets) {
        if (target.type === 'user') {
          const user = users.get(target.id);
          if (user) oncalls.push({ escalation_policy, level: index + 1, schedule: null, user, start: null, end: null });
          continue;
        }
        const row = loaded.get(target.id)?.row;
        const shift = shifts.get(target.id);
        if (!row || !shift) continue;
        for (const userId of shift.userIds) {
          const user = users.get(userId);
          if (!user) continue;
          const schedule = { id: row.id, name: row.name };
          oncalls.push({ escalation_policy, level: index + 1, schedule, user, start: shift.start?.toISOString() ?? null, end: shift.end?.toISOString() ?? null });
        }
      }
    });
  }
  return oncalls;
}
