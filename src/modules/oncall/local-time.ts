import { DateTime, IANAZone } from 'luxon';

/**
 * Local calendar days and wall-clock times in a zone, with the zone's offsets and clock changes from Luxon. A
 * local day is a day number: days since 1970-01-01 on the calendar (not an instant), so that "the next day"
 * is `day + 1`.
 */
const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const MINUTES_PER_DAY = 24 * 60;

const clock = /^([01]\d|2[0-3]):([0-5]\d)$/;

const clockMinutes = new Map<string, number>();

/** "HH:mm" → minutes since local midnight. */
export function minutesOfClock(time: string): number {
  const known = clockMinutes.get(time);
  if (known !== undefined) return known;
  const match = clock.exec(time);
  if (!match) throw new Error(`oncall: ${JSON.stringify(time)} is not a time of day (HH:mm)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  clockMinutes.set(time, minutes); // at most 1,440 of them
  return minutes;
}

function zoneOf(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new Error(`oncall: ${JSON.stringify(name)} is not an IANA time zone`);
  return zone;
}

/** The local calendar day (as a day number) that the instant falls on in the zone. */
export function localDay(zoneName: string, at: number): number {
  return Math.floor((at + zoneOf(zoneName).offset(at) * MINUTE) / DAY);
}

/**
 * Each local day's offset from UTC, when it holds all day (null on a day the clocks change), per zone. Luxon
 * asks Intl for every offset, which costs microseconds, and schedules ask for the same days over and over.
 */
const steadyOffsets = new Map<string, Map<number, number | null>>();
let remembered = 0;
const REMEMBER_AT_MOST = 500_000;
/** No zone is further than this from UTC, so a local day's wall clock lies within it either side of the day. */
const FURTHEST_OFFSET = 14 * HOUR;

function steadyOffset(zoneName: string, day: number): number | null {
  let days = steadyOffsets.get(zoneName);
  const known = days?.get(day);
  if (known !== undefined) return known;
  const zone = zoneOf(zoneName);
  // The same offset either side of the day means no change in between: no zone changes twice within a week
  // (checked for every zone Intl knows, 1990–2040).
  const before = zone.offset(day * DAY - FURTHEST_OFFSET);
  const steady = before === zone.offset((day + 1) * DAY + FURTHEST_OFFSET) ? before : null;
  if (remembered >= REMEMBER_AT_MOST) {
    steadyOffsets.clear();
    remembered = 0;
    days = undefined;
  }
  if (!days) steadyOffsets.set(zoneName, (days = new Map()));
  days.set(day, steady);
  remembered += 1;
  return steady;
}

/**
 * The instant at which the zone's wall clock shows `minute` minutes past midnight on local day `day`. A time
 * skipped by a clock change moves forward by the length of the jump (02:30 → 03:30); a time shown twice is the
 * first one (as in java.time and Temporal's "compatible").
 */
export function localInstant(zoneName: string, day: number, minute: number): number {
  const steady = steadyOffset(zoneName, day);
  if (steady !== null) return day * DAY + (minute - steady) * MINUTE;
  const date = new Date(day * DAY);
  const wall = DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone: zoneOf(zoneName) },
  );
  // Luxon alone picks between the two by the offset the zone has today: the same schedule would render
  // differently in summer and in winter.
  return Math.min(...wall.getPossibleOffsets().map((possible) => possible.toMillis()));
}
