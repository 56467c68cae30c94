// Wall-clock arithmetic in an IANA time zone with Intl alone: schedules hand off at local times, so ranges,
// day boundaries and the datetime inputs of the editors all live in the schedule's zone, not the browser's.

/** A local date and time in some zone; month 1–12, weekday 1 (Monday) to 7 (Sunday). */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formats.set(zone, format);
  }
  return format;
}

const DAY = 86_400_000;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall clock in `zone` at the instant `at` (epoch ms). */
export function wallClock(at: number, zone: string): Wall {
  const wall: Wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const part of partsFormat(zone).formatToParts(at)) {
    if (part.type === 'weekday') wall.weekday = WEEKDAYS[part.value] ?? 0;
    else if (part.type in wall) wall[part.type as keyof Wall] = Number(part.value);
  }
  // Years before 1 BC never come up in schedules; 'en-US' writes them with an era we do not ask for.
  return wall;
}

/** How far `zone`'s wall clock is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, zone: string): number {
  const wall = wallClock(at, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant at which `zone`'s wall clock reads the given local time. Fields may overflow (day 32, hour 24)
 * and are normalised as Date.UTC does. In a gap (clocks jump forward) the result lies after the gap; in an
 * overlap (clocks fall back) it is the earlier of the two instants.
 */
export function instantOf(local: Pick<Wall, 'year' | 'month' | 'day'> & Partial<Pick<Wall, 'hour' | 'minute'>>, zone: string): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  // Zones change offset at most once a day: the offsets a day either side are the only candidates.
  const before = offsetAt(guess - DAY, zone);
  const after = offsetAt(guess + DAY, zone);
  const valid = [guess - before, guess - after].filter((at) => guess - offsetAt(at, zone) === at);
  return valid.length > 0 ? Math.min(...valid) : guess - before;
}

/** Midnight (or the first instant) of the local day holding `at`. */
export function startOfDay(at: number, zone: string): number {
  const wall = wallClock(at, zone);
  return instantOf({ year: wall.year, month: wall.month, day: wall.day }, zone);
}

/** The start of the local day `days` days after the one holding `at`. */
export function addDays(at: number, days: number, zone: string): number {
  const wall = wallClock(at, zone);
  return instantOf({ year: wall.year, month: wall.month, day: wall.day + days }, zone);
}

/** The start of the Monday of the local week holding `at`. */
export function startOfWeek(at: number, zone: string): number {
  return addDays(at, 1 - wallClock(at, zone).weekday, zone);
}

/** The start of the first day of the local month holding `at`, moved by `months`. */
export function startOfMonth(at: number, zone: string, months = 0): number {
  const wall = wallClock(at, zone);
  return instantOf({ year: wall.year, month: wall.month + months, day: 1 }, zone);
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The value of an `<input type="datetime-local">` showing `iso` in `zone` ("2026-05-04T09:00"). */
export function toInputValue(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const wall = wallClock(at, zone);
  return `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The ISO instant of a datetime-local value read in `zone`; the value unchanged when it is not one. */
export function fromInputValue(value: string, zone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return value;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(instantOf({ year, month, day, hour, minute }, zone)).toISOString();
}
