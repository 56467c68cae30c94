import type { Executor } from '../../ports/store.ts';
import { renderSchedule } from './schedule-render.ts';
import { loadSchedules } from './schedules.store.ts';

/** A stretch in which the user is on call in a schedule, cut to the range asked for. */
export interface UserShift {
  scheduleId: string;
  scheduleName: string;
  userId: string;
  start: Date;
  end: Date;
}

/**
 * The user's shifts within [since, until) across every schedule of the organisation, by start: each schedule
 * that names them in a layer or an override rendered as a whole (layers stacked, overrides on top), so a shift
 * someone else covers is not theirs. Two queries, however many schedules there are.
 */
export async function userShifts(executor: Executor, orgId: string, userId: string, since: Date, until: Date): Promise<UserShift[]> {
  const shifts: UserShift[] = [];
  for (const { row, schedule } of (await loadSchedules(executor, orgId, 'all', since, until)).values()) {
    const mentions = schedule.layers.some((layer) => layer.users.includes(userId)) || schedule.overrides.some((override) => override.userId === userId);
    if (!mentions) continue;
    for (const entry of renderSchedule(schedule, since, until).final) {
      if (entry.userId === userId) shifts.push({ scheduleId: row.id, scheduleName: row.name, ...entry });
    }
  }
  return shifts.sort((a, b) => a.start.getTime() - b.start.getTime() || a.scheduleName.localeCompare(b.scheduleName));
}
