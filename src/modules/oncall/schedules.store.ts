import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../../ports/store.ts';
import { users } from '../orgs/orgs.tables.ts';
import { scheduleOverrides, schedules } from './oncall.tables.ts';
import { scheduleDefinition } from './schedule-definition.ts';
import type { Schedule } from './schedule.ts';

export type ScheduleRow = typeof schedules.$inferSelect;
export type OverrideRow = typeof scheduleOverrides.$inferSelect;

/** A user as schedules and on-call lists show them. */
export interface UserRef {
  id: string;
  name: string;
  email: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that can name a row: anything else is unknown without asking (and would make PostgreSQL's uuid cast fail). */
export const uuidsOf = (ids: Iterable<string>): string[] => [...new Set([...ids].filter((id) => UUID.test(id)))];

/**
 * The domain schedule of a stored row and its override rows. Layers are stored as the API takes them and
 * parsed again here; overrides must come in the order they were made (the later of two overlapping wins).
 */
export function scheduleOf(row: Pick<ScheduleRow, 'timeZone' | 'layers'>, overrides: ReadonlyArray<Pick<OverrideRow, 'userId' | 'start' | 'end'>>): Schedule {
  const { timeZone, layers } = scheduleDefinition.parse({ time_zone: row.timeZone, layers: row.layers });
  return { timeZone, layers, overrides: overrides.map((override) => ({ userId: override.userId, start: override.start, end: override.end })) };
}

export interface LoadedSchedule {
  row: ScheduleRow;
  schedule: Schedule;
}

/**
 * Schedules of the organisation (the ones named, or all of them) with their overrides that overlap
 * [since, until): two queries however many schedules there are.
 */
export async function loadSchedules(executor: Executor, orgId: string, ids: readonly string[] | 'all', since: Date, until: Date): Promise<Map<string, LoadedSchedule>> {
  const wanted = ids === 'all' ? undefined : uuidsOf(ids);
  if (wanted?.length === 0) return new Map();
  const rows = await executor
    .select()
    .from(schedules)
    .where(and(eq(schedules.orgId, orgId), wanted && inArray(schedules.id, wanted)))
    .orderBy(asc(schedules.name));
  if (rows.length === 0) return new Map();
  const overrides = await executor
    .select()
    .from(scheduleOverrides)
    .where(
      and(
        eq(scheduleOverrides.orgId, orgId),
        inArray(
          scheduleOverrides.scheduleId,
          rows.map((row) => row.id),
        ),
        lt(scheduleOverrides.start, until),
        gt(scheduleOverrides.end, since),
      ),
    )
    .orderBy(asc(scheduleOverrides.createdAt), asc(scheduleOverrides.id));
  const bySchedule = new Map<string, OverrideRow[]>();
  for (const override of overrides) {
    const list = bySchedule.get(override.scheduleId);
    if (list) list.push(override);
    else bySchedule.set(override.scheduleId, [override]);
  }
  return new Map(rows.map((row) => [row.id, { row, schedule: scheduleOf(row, bySchedule.get(row.id) ?? []) }]));
}

/** The organisation's users among `ids`, by id: one query. */
export async function loadUsers(executor: Executor, orgId: string, ids: Iterable<string>): Promise<Map<string, UserRef>> {
  const wanted = uuidsOf(ids);
  if (wanted.length === 0) return new Map();
  const rows = await executor
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.orgId, orgId), inArray(users.id, wanted)));
  return new Map(rows.map((row) => [row.id, row]));
}

/** How a user id is shown; a user removed since the schedule named them keeps their id. */
export function userRef(known: ReadonlyMap<string, UserRef>, id: string): UserRef {
  return known.get(id) ?? { id, name: 'Unknown user', email: '' };
}
