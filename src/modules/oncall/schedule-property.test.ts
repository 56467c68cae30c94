import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { oncallAt } from './oncall-at.ts';
import type { Layer, Override, Restriction, Rotation, ScheduleEntry, Weekday } from './schedule.ts';
import { renderLayer, renderSchedule } from './schedule-render.ts';

/**
 * Random schedules in zones with unusual clocks: half-hour DST (Lord Howe), changes at midnight (Santiago,
 * Havana), a 45-minute offset (Chatham), no DST (Kolkata), over ranges of up to 60 days in 2026–2027.
 */
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'UTC'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BASE = Date.UTC(2026, 0, 1);
const USERS = ['u1', 'u2', 'u3', 'u4'];

const pad = (value: number) => String(value).padStart(2, '0');
/** Times of day, often in the small hours where clocks change. */
const timeArb = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 1, 2, 3, 23)), fc.constantFrom(0, 0, 15, 30, 45, 59))
  .map(([hour, minute]) => `${pad(hour)}:${pad(minute)}`);
const weekdayArb = fc.integer({ min: 1, max: 7 }).map((day) => day as Weekday);
const rotationArb: fc.Arbitrary<Rotation> = fc.oneof(
  fc.constant({ kind: 'daily' as const }),
  fc.constant({ kind: 'weekly' as const }),
  fc.oneof(fc.integer({ min: 1, max: 72 }), fc.constantFrom(12, 24, 168, 8760)).map((hours) => ({ kind: 'custom' as const, hours })),
);
const restrictionArb: fc.Arbitrary<Restriction> = fc.oneof(
  fc.record({ kind: fc.constant('daily' as const), startTime: timeArb, endTime: timeArb }),
  fc.record({ kind: fc.constant('weekly' as const), startDay: weekdayArb, startTime: timeArb, endDay: weekdayArb, endTime: timeArb }),
);
/** Instants on the minute, now and then with seconds and milliseconds. */
const offsetArb = (min: number, max: number) => fc.tuple(fc.integer({ min: min / MINUTE, max: max / MINUTE }), fc.constantFrom(0, 0, 0, 12_345)).map(([minutes, ms]) => minutes * MINUTE + ms);

function layerArb(since: number, id: string, distinctUsers: boolean): fc.Arbitrary<Layer> {
  const users = distinctUsers ? fc.shuffledSubarray(USERS, { minLength: 2 }) : fc.array(fc.constantFrom(...USERS), { minLength: 1, maxLength: 4 });
  return fc
    .record({
      start: offsetArb(-90 * DAY, 30 * DAY),
      length: fc.option(offsetArb(HOUR, 120 * DAY), { nil: undefined }),
      rotation: rotationArb,
      handoffTime: timeArb,
      users,
      restrictions: fc.oneof(fc.constant<Restriction[]>([]), fc.array(restrictionArb, { minLength: 1, maxLength: 2 })),
    })
    .map(({ start, length, ...rest }) => ({
      id,
      name: id,
      start: new Date(since + start),
      ...(length !== undefined && { end: new Date(since + start + length) }),
      ...rest,
    }));
}

const scenarioArb = fc
  .record({ zone: fc.constantFrom(...ZONES), since: offsetArb(0, 400 * DAY), length: offsetArb(MINUTE, 60 * DAY), layerCount: fc.integer({ min: 1, max: 3 }) })
  .chain(({ zone, since, length, layerCount }) =>
    fc.record({
      schedule: fc.record({
        timeZone: fc.constant(zone),
        layers: fc.tuple(...Array.from({ length: layerCount }, (_, i) => layerArb(BASE + since, `layer-${i}`, false))),
        overrides: fc.array(
          fc.record({ start: offsetArb(-5 * DAY, 65 * DAY), length: offsetArb(MINUTE, 5 * DAY), userId: fc.constantFrom('o1', 'o2', 'u1') }).map(
            ({ start, length, userId }): Override => ({ start: new Date(BASE + since + start), end: new Date(BASE + since + start + length), userId }),
          ),
          { maxLength: 3 },
        ),
      }),
      since: fc.constant(new Date(BASE + since)),
      until: fc.constant(new Date(BASE + since + length)),
      probes: fc.array(fc.integer({ min: 0, max: length - 1 }), { maxLength: 20 }),
    }),
  );

/** The entries are sorted, do not overlap, lie within the range, and no user's entry runs on into their next. */
function expectWellFormed(entries: readonly ScheduleEntry[], since: Date, until: Date): void {
  entries.forEach((entry, index) => {
    expect(entry.start < entry.end).toBe(true);
    expect(entry.start >= since && entry.end <= until).toBe(true);
    const next = entries[index + 1];
    if (next) {
      expect(entry.end <= next.start).toBe(true);
      if (entry.end.getTime() === next.start.getTime()) expect(entry.userId).not.toBe(next.userId);
    }
  });
}

/** Who the entries have on call at the instant. */
function renderedAt(entries: readonly ScheduleEntry[], at: number): string[] {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.end.getTime() <= at) low = middle + 1;
    else high = middle;
  }
  const entry = entries[low];
  return entry && entry.start.getTime() <= at ? [entry.userId] : [];
}

describe('schedules (property): random layers, restrictions, overrides and zones', () => {
  it('render well-formed entries, and oncallAt agrees with the render at every boundary, a millisecond before it, and between', () => {
    fc.assert(
      fc.property(scenarioArb, ({ schedule, since, until, probes }) => {
        const { final, layers } = renderSchedule(schedule, since, until);
        expectWellFormed(final, since, until);
        layers.forEach(({ entries }) => expectWellFormed(entries, since, until));

        const edges = [...final, ...layers.flatMap(({ entries }) => entries), ...schedule.overrides].flatMap((span) => [span.start.getTime(), span.end.getTime()]);
        const instants = new Set([...edges.flatMap((edge) => [edge, edge - 1]), ...probes.map((probe) => since.getTime() + probe), since.getTime(), until.getTime() - 1]);
        for (const instant of instants) {
          if (instant < since.getTime() || instant >= until.getTime()) continue;
          expect(oncallAt(schedule, new Date(instant)), `at ${new Date(instant).toISOString()}`).toEqual(renderedAt(final, instant));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('hand off daily and weekly rotations at the local handoff time, custom ones every `hours` exactly, in the users’ order', () => {
    const arb = fc.record({ zone: fc.constantFrom(...ZONES), since: offsetArb(0, 400 * DAY) }).chain(({ zone, since }) =>
      fc.record({ zone: fc.constant(zone), since: fc.constant(BASE + since), layer: layerArb(BASE + since, 'only', true).map((layer) => ({ ...layer, restrictions: [] })) }),
    );
    fc.assert(
      fc.property(arb, ({ zone, since, layer }) => {
        const entries = renderLayer(layer, zone, new Date(since), new Date(since + 60 * DAY));
        const wanted = layer.handoffTime.split(':').map(Number) as [number, number];
        entries.forEach((entry, index) => {
          const next = entries[index + 1];
          if (!next) return;
          expect(layer.users.indexOf(next.userId)).toBe((layer.users.indexOf(entry.userId) + 1) % layer.users.length);
          const handoff = DateTime.fromJSDate(next.start, { zone });
          if (layer.rotation.kind === 'custom') {
            if (index > 0) expect(next.start.getTime() - entry.start.getTime()).toBe(layer.rotation.hours * HOUR);
            return;
          }
          // At the handoff time on the wall clock, or (where that time does not exist that day) when the clock jumps past it.
          const asked = DateTime.fromObject({ year: handoff.year, month: handoff.month, day: handoff.day, hour: wanted[0], minute: wanted[1] }, { zone });
          const exists = asked.hour === wanted[0] && asked.minute === wanted[1];
          if (exists) expect([handoff.hour, handoff.minute]).toEqual(wanted);
          else expect(handoff.toMillis()).toBe(asked.toMillis());
          if (index > 0) {
            const days = DateTime.fromISO(handoff.toISODate()!, { zone: 'UTC' }).diff(DateTime.fromISO(DateTime.fromJSDate(entry.start, { zone }).toISODate()!, { zone: 'UTC' }), 'days').days;
            expect(days).toBe(layer.rotation.kind === 'weekly' ? 7 : 1);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('have a restricted layer on call exactly when the local wall clock is inside one of its windows (away from clock changes)', () => {
    const arb = fc.record({ zone: fc.constantFrom(...ZONES), since: offsetArb(0, 400 * DAY) }).chain(({ zone, since }) =>
      fc.record({
        zone: fc.constant(zone),
        since: fc.constant(BASE + since),
        layer: layerArb(BASE + since, 'only', false).map((layer) => ({ ...layer, start: new Date(BASE + since - DAY), end: undefined })),
        restrictions: fc.array(restrictionArb, { minLength: 1, maxLength: 3 }),
        probes: fc.array(fc.integer({ min: 0, max: 30 * DAY - 1 }), { minLength: 20, maxLength: 40 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ zone, since, layer, restrictions, probes }) => {
        const entries = renderLayer({ ...layer, restrictions }, zone, new Date(since), new Date(since + 30 * DAY));
        for (const probe of probes) {
          const instant = since + probe;
          const offsets = [-3 * HOUR, 0, 3 * HOUR].map((shift) => DateTime.fromMillis(instant + shift, { zone }).offset);
          if (new Set(offsets).size > 1) continue;
          const wall = DateTime.fromMillis(instant, { zone });
          expect(renderedAt(entries, instant).length > 0, `at ${wall.toISO()}`).toBe(restrictions.some((window) => insideOnTheClock(window, wall)));
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** The restriction's meaning on the wall clock alone, written out plainly: minutes into the day or the week. */
function insideOnTheClock(window: Restriction, wall: DateTime): boolean {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const [now, start, end] =
    window.kind === 'daily'
      ? [wall.hour * 60 + wall.minute, minutes(window.startTime), minutes(window.endTime)]
      : [(wall.weekday - 1) * 24 * 60 + wall.hour * 60 + wall.minute, (window.startDay - 1) * 24 * 60 + minutes(window.startTime), (window.endDay - 1) * 24 * 60 + minutes(window.endTime)];
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}
