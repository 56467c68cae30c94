import { DateTime } from 'luxon';
import type { Layer, ScheduleEntry } from './schedule.ts';

/** Test helpers: instants written as local wall-clock times, entries read back the same way. */

/** `local('Europe/Berlin', '2026-03-29 09:00')`: that wall-clock time in the zone, as an instant. */
export function local(zone: string, text: string): Date {
  const parsed = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
  if (!parsed.isValid) throw new Error(`fixtures: ${text} is not yyyy-MM-dd HH:mm`);
  return parsed.toJSDate();
}

/** An entry as a line a person can check: `b Sat 03-28 09:00 → Sun 03-29 09:00 (23h)`. */
function line(zone: string, entry: ScheduleEntry): string {
  const wall = (date: Date) => DateTime.fromJSDate(date, { zone }).toFormat('ccc MM-dd HH:mm');
  const hours = (entry.end.getTime() - entry.start.getTime()) / 3_600_000;
  return `${entry.userId} ${wall(entry.start)} → ${wall(entry.end)} (${hours}h)`;
}

export function lines(zone: string, entries: readonly ScheduleEntry[]): string[] {
  return entries.map((entry) => line(zone, entry));
}

/** A daily layer handing off at 09:00 from `start` through users a, b, c, around the clock. */
export function layerOf(start: Date, fields: Partial<Layer> = {}): Layer {
  return { id: 'primary', name: 'Primary', start, rotation: { kind: 'daily' }, handoffTime: '09:00', users: ['a', 'b', 'c'], ...fields };
}
