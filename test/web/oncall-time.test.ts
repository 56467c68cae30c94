import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, fromInputValue, instantOf, startOfDay, startOfMonth, startOfWeek, toInputValue, wallClock } from '../../web/src/pages/oncall/zoned-time.ts';
import { distinctHues, userHue } from '../../web/src/pages/oncall/user-colour.ts';

// Zones with DST forward and back, half-hour offsets, a 30-minute DST shift and the date line.
const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Apia', 'America/St_Johns'];
const zone = fc.constantFrom(...zones);
// 2000 to 2040, whole minutes: the span schedules live in.
const instant = fc.integer({ min: 946_684_800, max: 2_208_988_800 }).map((seconds) => Math.floor(seconds / 60) * 60_000);

describe('wall-clock arithmetic in a time zone (the schedule timeline and its datetime inputs)', () => {
  it('reads the same wall clock as luxon', () => {
    fc.assert(
      fc.property(instant, zone, (at, name) => {
        const wall = wallClock(at, name);
        const expected = DateTime.fromMillis(at, { zone: name });
        expect(wall).toEqual({ year: expected.year, month: expected.month, day: expected.day, hour: expected.hour, minute: expected.minute, second: expected.second, weekday: expected.weekday });
      }),
    );
  });

  it('finds the start of the local day, week and month as luxon does', () => {
    fc.assert(
      fc.property(instant, zone, (at, name) => {
        const local = DateTime.fromMillis(at, { zone: name });
        expect(startOfDay(at, name)).toBe(local.startOf('day').toMillis());
        expect(startOfWeek(at, name)).toBe(local.startOf('week').toMillis());
        expect(startOfMonth(at, name)).toBe(local.startOf('month').toMillis());
        expect(startOfMonth(at, name, 1)).toBe(local.startOf('month').plus({ months: 1 }).startOf('day').toMillis());
        expect(addDays(at, 1, name)).toBe(local.startOf('day').plus({ days: 1 }).startOf('day').toMillis());
      }),
    );
  });

  it('turns a datetime input value into the instant that reads it, and back', () => {
    fc.assert(
      fc.property(instant, zone, (at, name) => {
        const value = toInputValue(new Date(at).toISOString(), name);
        const back = Date.parse(fromInputValue(value, name));
        // In the hour clocks fall back, a wall time names two instants: either reads the same.
        expect(toInputValue(new Date(back).toISOString(), name)).toBe(value);
        expect(back).toBeLessThanOrEqual(at);
      }),
    );
  });

  it('moves a local time in a gap to after the gap, and takes the earlier instant of an overlap', () => {
    // Berlin: 2026-03-29 02:00 → 03:00; 2026-10-25 03:00 → 02:00.
    expect(new Date(instantOf({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(instantOf({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(fromInputValue('not a date', 'UTC')).toBe('not a date');
    expect(toInputValue(null, 'UTC')).toBe('');
  });

  it('gives each user one hue, and people shown together different ones (up to twelve)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 12 }), (ids) => {
        for (const id of ids) expect(userHue(id)).toBe(userHue(id));
        const hues = distinctHues(ids);
        expect(new Set(hues.values()).size).toBe(ids.length);
        for (const hue of hues.values()) expect(hue % 30 === 0 && hue >= 0 && hue < 360).toBe(true);
        expect([...distinctHues([...ids].reverse())]).toEqual([...hues]);
        // Whoever is first in id order keeps their own hue.
        const first = [...ids].sort()[0]!;
        expect(hues.get(first)).toBe(userHue(first));
      }),
    );
  });
});
