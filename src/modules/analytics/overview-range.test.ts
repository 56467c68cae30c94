import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { type BucketUnit, bucketStart, MAX_RANGE_DAYS, overviewRange } from './overview-range.ts';

/** Zones with unusual clocks: changes at midnight (Santiago, Havana), half-hour DST (Lord Howe), 45-minute offsets, none. */
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'America/Havana', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kolkata'];
const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);

const zoneArb = fc.constantFrom(...ZONES);
const unitArb = fc.constantFrom<BucketUnit>('day', 'week');
/** Instants over 2025–2027, often on the hour, where clocks change. */
const instantArb = fc.oneof(fc.integer({ min: 0, max: 3 * 365 * 24 }).map((hours) => new Date(BASE + hours * 3_600_000)), fc.integer({ min: 0, max: 3 * 365 * DAY }).map((ms) => new Date(BASE + ms)));

/** The start of the following local day or week (after a midnight the clocks skipped, plus() alone keeps 01:00). */
const next = (start: Date, unit: BucketUnit, zone: string) => DateTime.fromJSDate(start, { zone }).plus({ [unit]: 1 }).startOf(unit).toJSDate();

describe('overview ranges', () => {
  it('start at the beginning of the local day or week holding since, and the last bucket holds until', () => {
    fc.assert(
      fc.property(zoneArb, unitArb, instantArb, fc.integer({ min: 1, max: MAX_RANGE_DAYS * DAY }), (zone, unit, since, length) => {
        const until = new Date(since.getTime() + length);
        const range = overviewRange({ since, until, bucket: unit, timeZone: zone }, new Date(0));
        expect(range.since.getTime()).toBeLessThanOrEqual(since.getTime());
        expect(next(range.since, unit, zone).getTime()).toBeGreaterThan(since.getTime());
        expect(bucketStart(range.since, unit, zone)).toEqual(range.since);
        const local = DateTime.fromJSDate(range.since, { zone });
        // The first instant of its local day (midnight, or later where the clocks skipped midnight).
        expect(DateTime.fromMillis(range.since.getTime() - 1, { zone }).toISODate()).not.toBe(local.toISODate());
        if (unit === 'week') expect(local.weekday).toBe(1);
        expect(range.lastBucketStart.getTime()).toBeLessThan(until.getTime());
        expect(next(range.lastBucketStart, unit, zone).getTime()).toBeGreaterThanOrEqual(until.getTime());
        expect(range.openEnded).toBe(false);
      }),
      // Havana's clocks go back from 01:00 to midnight: the day began at the first midnight, not the second.
      { examples: [['America/Havana', 'day', new Date('2025-11-02T05:00:00.000Z'), 1]] },
    );
  });

  it('default to the 30 local days up to until, the day until falls on included', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, fc.boolean(), (zone, now, given) => {
        const range = overviewRange({ until: given ? now : undefined, bucket: 'day', timeZone: zone }, now);
        let days = 0;
        for (let start = range.since; start < range.until; start = next(start, 'day', zone)) days += 1;
        expect(days).toBe(30);
        expect(range.openEnded).toBe(!given);
      }),
      // Santiago skips midnight on 5 September 2027: the days after it still start at midnight.
      { examples: [['America/Santiago', new Date('2027-09-16T03:00:00.001Z'), false]] },
    );
  });

  it('refuse a start not before the end, or more than a year before it, naming since', () => {
    fc.assert(
      fc.property(zoneArb, unitArb, instantArb, fc.oneof(fc.integer({ min: -DAY, max: 0 }), fc.integer({ min: MAX_RANGE_DAYS * DAY + 1, max: 2 * MAX_RANGE_DAYS * DAY })), (zone, unit, until, back) => {
        const since = new Date(until.getTime() - back);
        let error: unknown;
        try {
          overviewRange({ since, until, bucket: unit, timeZone: zone }, until);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).details[0]?.field).toBe('since');
      }),
    );
  });
});
