import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDay, localInstant } from './local-time.ts';

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'Asia/Kolkata', 'UTC'];
const DAY = 86_400_000;

/** Every local day of 2026 on which the zone's offset changes, and the days either side. */
function daysAroundChanges(zone: string): number[] {
  const days: number[] = [];
  for (let day = Date.UTC(2026, 0, 1) / DAY; day < Date.UTC(2027, 0, 1) / DAY; day += 1) {
    const noon = DateTime.fromMillis(day * DAY, { zone: 'UTC' }).setZone(zone, { keepLocalTime: true });
    if (noon.startOf('day').offset !== noon.endOf('day').offset) days.push(day - 1, day, day + 1);
  }
  return days;
}

describe('localInstant', () => {
  it.each(ZONES)('is where Luxon puts each quarter hour in %s on the days its clocks change (the first of two, if shown twice)', (zone) => {
    const days = [...daysAroundChanges(zone), Date.UTC(2026, 1, 10) / DAY, Date.UTC(2026, 6, 20) / DAY];
    for (const day of days) {
      const date = DateTime.fromMillis(day * DAY, { zone: 'UTC' });
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const wall = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone });
        const expected = Math.min(...wall.getPossibleOffsets().map((possible) => possible.toMillis()));
        expect(localInstant(zone, day, minute), `${zone} ${date.toISODate()} minute ${minute}`).toBe(expected);
      }
    }
  });

  it('finds 2026’s clock changes where we expect them, so the cases above are not empty', () => {
    expect(daysAroundChanges('Europe/Berlin').filter((_, i) => i % 3 === 1).map((day) => new Date(day * DAY).toISOString().slice(0, 10))).toEqual(['2026-03-29', '2026-10-25']);
  });
});

describe('localDay', () => {
  it.each(ZONES)('is the local date Luxon gives, in %s', (zone) => {
    for (let at = Date.UTC(2026, 2, 1); at < Date.UTC(2026, 11, 1); at += 7 * 3_600_000 + 13 * 60_000) {
      expect(new Date(localDay(zone, at) * DAY).toISOString().slice(0, 10)).toBe(DateTime.fromMillis(at, { zone }).toISODate());
    }
  });
});
