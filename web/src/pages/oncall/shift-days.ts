import type { Answer } from '../../api/types';
import { startOfDay } from './zoned-time';

export type Shift = Answer<'/api/v1/me/oncall-shifts', 'get'>['shifts'][number];

/** Shifts (sorted by start) under the local day each starts on, with "Today", "Tomorrow" or the date as label. */
export function shiftsByDay(shifts: Shift[], zone: string, now = Date.now()): Array<{ day: number; label: string; shifts: Shift[] }> {
  const today = startOfDay(now, zone);
  const date = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' });
  const days = new Map<number, Shift[]>();
  for (const shift of shifts) {
    const day = Math.max(startOfDay(Date.parse(shift.start), zone), today);
    days.set(day, [...(days.get(day) ?? []), shift]);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a - b)
    .map(([day, list]) => {
      const ahead = Math.round((day - today) / 86_400_000);
      const label = ahead === 0 ? `Today, ${date.format(day)}` : ahead === 1 ? `Tomorrow, ${date.format(day)}` : date.format(day);
      return { day, label, shifts: list };
    });
}
