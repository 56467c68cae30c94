import { addDays, startOfDay, startOfMonth, startOfWeek, wallClock } from './zoned-time';

export type RangeKind = 'day' | 'week' | '2weeks' | 'month';

export const RANGE_KINDS: Array<{ kind: RangeKind; label: string }> = [
  { kind: 'day', label: '1 day' },
  { kind: 'week', label: '1 week' },
  { kind: '2weeks', label: '2 weeks' },
  { kind: 'month', label: 'Month' },
];

export interface TimelineRange {
  kind: RangeKind;
  since: number;
  until: number;
}

export function isRangeKind(value: string | null): value is RangeKind {
  return value === 'day' || value === 'week' || value === '2weeks' || value === 'month';
}

/** The range of `kind` holding `at`, aligned to local days, Monday-started weeks and months of the zone. */
export function rangeAt(kind: RangeKind, at: number, zone: string): TimelineRange {
  if (kind === 'day') return { kind, since: startOfDay(at, zone), until: addDays(at, 1, zone) };
  if (kind === 'month') return { kind, since: startOfMonth(at, zone), until: startOfMonth(at, zone, 1) };
  const since = startOfWeek(at, zone);
  return { kind, since, until: addDays(since, kind === 'week' ? 7 : 14, zone) };
}

/** The range before (-1) or after (+1) this one. */
export function shiftRange(range: TimelineRange, direction: 1 | -1, zone: string): TimelineRange {
  if (direction === 1) return rangeAt(range.kind, range.until, zone);
  const last = rangeAt(range.kind, range.since - 1, zone);
  // Two weeks step by two weeks, not by the one week before.
  return range.kind === '2weeks' ? { ...last, since: addDays(range.since, -14, zone), until: range.since } : last;
}

export interface Tick {
  at: number;
  label: string;
  /** A day boundary (drawn stronger than the hours between). */
  major: boolean;
}

const HOUR = 3_600_000;

/** Grid lines and their labels: hours for a day, days otherwise (every few days for a month). */
export function ticksOf(range: TimelineRange, zone: string): Tick[] {
  const ticks: Tick[] = [];
  if (range.kind === 'day') {
    for (let at = range.since; at < range.until; at += 3 * HOUR) {
      const wall = wallClock(at, zone);
      ticks.push({ at, label: `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`, major: at === range.since });
    }
    return ticks;
  }
  const day = new Intl.DateTimeFormat(undefined, { timeZone: zone, weekday: 'short', day: 'numeric' });
  const every = range.kind === 'month' ? 7 : 1;
  for (let at = range.since, index = 0; at < range.until; at = addDays(at, 1, zone), index += 1) {
    const labelled = range.kind !== 'month' || index % every === 0;
    ticks.push({ at, label: labelled ? day.format(at) : '', major: true });
  }
  return ticks;
}

/** The granularity a drag on the timeline snaps to. */
export function snapOf(kind: RangeKind): number {
  return kind === 'day' ? HOUR / 4 : kind === 'week' ? HOUR / 2 : HOUR;
}

/** "4 – 10 May 2026" in the zone. */
export function rangeLabel(range: TimelineRange, zone: string): string {
  const format = new Intl.DateTimeFormat(undefined, { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
  if (range.kind === 'day') return new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'full' }).format(range.since);
  if (range.kind === 'month') return new Intl.DateTimeFormat(undefined, { timeZone: zone, month: 'long', year: 'numeric' }).format(range.since);
  return format.formatRange(range.since, range.until - 1);
}
