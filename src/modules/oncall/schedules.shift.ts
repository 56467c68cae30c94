import { oncallAt } from './oncall-at.ts';
import { renderSchedule } from './schedule-render.ts';
import type { Schedule } from './schedule.ts';

const DAY = 86_400_000;
/** How far either side of the instant a shift's start and end are looked for. */
export const SHIFT_HORIZON_DAYS = 93;

/** Who is on call at an instant, and the stretch of time in which that stays so. */
export interface CurrentShift {
  /** One user or none (the final schedule has one person at a time). */
  userIds: string[];
  /** When this stretch began; null when it began more than the horizon before. */
  start: Date | null;
  /** When it ends (a handoff, or someone comes on); null when it lasts beyond the horizon. */
  end: Date | null;
}

/**
 * Who is on call at `at` (from `oncallAt`) and since and until when (from a render around `at`). The schedule
 * needs its overrides within the horizon either side of `at`.
 */
export function currentShift(schedule: Schedule, at: Date): CurrentShift {
  const instant = at.getTime();
  const since = instant - SHIFT_HORIZON_DAYS * DAY;
  const until = instant + SHIFT_HORIZON_DAYS * DAY;
  const { final } = renderSchedule(schedule, new Date(since), new Date(until));
  const startOf = (time: number) => (time > since ? new Date(time) : null);
  const endOf = (time: number) => (time < until ? new Date(time) : null);
  const userIds = oncallAt(schedule, at);
  const now = final.find((entry) => entry.start.getTime() <= instant && instant < entry.end.getTime());
  if (now) return { userIds, start: startOf(now.start.getTime()), end: endOf(now.end.getTime()) };
  // Nobody is on call: the gap runs from the last entry before to the next one after.
  const before = final.filter((entry) => entry.end.getTime() <= instant).at(-1);
  const after = final.find((entry) => entry.start.getTime() > instant);
  return { userIds, start: before ? startOf(before.end.getTime()) : null, end: after ? endOf(after.start.getTime()) : null };
}
