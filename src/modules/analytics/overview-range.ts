import { DateTime } from 'luxon';
import { invalid } from '../../http/errors.ts';

export type BucketUnit = 'day' | 'week';

/** The longest range an overview covers (a year, leap day included). */
export const MAX_RANGE_DAYS = 366;
/** Without `since`: this many local days, the one `until` falls on included. */
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

export interface OverviewRangeInput {
  since?: Date;
  until?: Date;
  bucket: BucketUnit;
  timeZone: string;
}

export interface OverviewRange {
  /** The start of the local day or week (Monday) that holds the requested start: every bucket is whole. */
  since: Date;
  until: Date;
  /** No `until` was given: the range ends now, so the answer also changes when a new bucket starts. */
  openEnded: boolean;
  /** Start of the bucket `until` falls in (the last one), which an open-ended answer is only good for. */
  lastBucketStart: Date;
  bucket: BucketUnit;
  timeZone: string;
}

const local = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone });

/** Start of the local day or ISO week (Monday) holding `at`, as PostgreSQL's date_trunc(unit, at AT TIME ZONE zone) finds it. */
export function bucketStart(at: Date, unit: BucketUnit, zone: string): Date {
  const start = local(at, zone).startOf(unit);
  // Where the clocks went back an hour at midnight (Havana in November) the day has two midnights, and Luxon
  // may give the second: the day began at the first, the length of the step back earlier.
  const before = DateTime.fromMillis(start.toMillis() - 1, { zone });
  if (before.toISODate() !== start.toISODate()) return start.toJSDate();
  return new Date(start.toMillis() - (before.offset - start.offset) * 60_000);
}

/**
 * The range an overview covers. Refuses (400, naming the field) a start not before the end or a range over a
 * year; without `since`, the last 30 local days up to `until` (default now).
 */
export function overviewRange(input: OverviewRangeInput, now: Date): OverviewRange {
  const until = input.until ?? now;
  // The day `until` falls on: a range ending at midnight ends with the day before.
  const lastDay = local(new Date(until.getTime() - 1), input.timeZone).startOf('day');
  const requested = input.since ?? lastDay.minus({ days: DEFAULT_DAYS - 1 }).toJSDate();
  if (requested >= until) throw invalid('since', 'must be before until');
  if (until.getTime() - requested.getTime() > MAX_RANGE_DAYS * DAY_MS) throw invalid('since', `must be at most ${MAX_RANGE_DAYS} days before until`);
  return {
    since: bucketStart(requested, input.bucket, input.timeZone),
    until,
    openEnded: input.until === undefined,
    lastBucketStart: bucketStart(new Date(until.getTime() - 1), input.bucket, input.timeZone),
    bucket: input.bucket,
    timeZone: input.timeZone,
  };
}
