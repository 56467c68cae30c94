import { localDay } from './local-time.ts';
import { RestrictionMask } from './restriction.ts';
import { RotationClock, userOfShift } from './rotation.ts';
import type { Schedule } from './schedule.ts';

/**
 * Who is on call at the instant, worked out for that instant alone (no rendering): the last override covering
 * it, else the user of the highest layer that has someone then. The final schedule has one person at a time,
 * so the list holds one user id or none; it is a list because escalation targets are lists.
 */
export function oncallAt(schedule: Schedule, at: Date): string[] {
  const instant = at.getTime();
  for (let i = schedule.overrides.length - 1; i >= 0; i -= 1) {
    const override = schedule.overrides[i]!;
    if (override.start.getTime() <= instant && instant < override.end.getTime()) return [override.userId];
  }
  const zone = schedule.timeZone;
  let day: number | undefined;
  for (let i = schedule.layers.length - 1; i >= 0; i -= 1) {
    const layer = schedule.layers[i]!;
    if (instant < layer.start.getTime() || (layer.end && instant >= layer.end.getTime()) || layer.users.length === 0) continue;
    day ??= localDay(zone, instant);
    if (!new RestrictionMask(layer.restrictions, zone).contains(instant, day)) continue;
    const userId = userOfShift(layer.users, new RotationClock(layer, zone).shiftAt(instant, day).index);
    if (userId !== undefined) return [userId];
  }
  return [];
}
