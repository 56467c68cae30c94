import { eq } from 'drizzle-orm';
import type { Executor } from '../../ports/store.ts';
import { tokenHash } from '../orgs/secrets.ts';
import { calendarFeeds } from './oncall.tables.ts';
import { type CalendarEntry, scheduleIcal } from './schedule-ical.ts';
import { renderSchedule } from './schedule-render.ts';
import { loadSchedules, loadUsers, userRef } from './schedules.store.ts';
import { userShifts } from './user-shifts.ts';

const DAY = 86_400_000;
/** What a feed shows, around today: the past week (for "who had it last night") and the next two months. */
const DAYS_BEFORE = 7;
const DAYS_AFTER = 60;

/**
 * The iCalendar text of the feed with this token, or undefined when no feed has it (unknown or rotated). The
 * range starts at a UTC midnight so an entry running then is cut the same way all day and keeps its UID.
 */
export async function calendarFeedText(executor: Executor, token: string, now: Date): Promise<string | undefined> {
  const [feed] = await executor.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash(token)));
  if (!feed) return undefined;
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const since = new Date(today - DAYS_BEFORE * DAY);
  const until = new Date(today + (DAYS_AFTER + 1) * DAY);

  if (feed.kind === 'schedule') {
    const loaded = (await loadSchedules(executor, feed.orgId, [feed.subjectId], since, until)).get(feed.subjectId);
    if (!loaded) return undefined;
    const { final } = renderSchedule(loaded.schedule, since, until);
    const users = await loadUsers(
      executor,
      feed.orgId,
      final.map((entry) => entry.userId),
    );
    return scheduleIcal({ scheduleId: loaded.row.id, name: loaded.row.name, entries: final, nameOf: (id) => userRef(users, id).name, generatedAt: now });
  }

  const user = (await loadUsers(executor, feed.orgId, [feed.subjectId])).get(feed.subjectId);
  if (!user) return undefined;
  const entries: CalendarEntry[] = (await userShifts(executor, feed.orgId, user.id, since, until)).map((shift) => ({
    userId: shift.userId,
    start: shift.start,
    end: shift.end,
    scheduleId: shift.scheduleId,
    summary: `On call: ${shift.scheduleName}`,
  }));
  return scheduleIcal({ scheduleId: user.id, name: `On call: ${user.name}`, entries, nameOf: () => user.name, generatedAt: now });
}
