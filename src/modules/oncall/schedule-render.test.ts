import { Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Layer, Override, Schedule } from './schedule.ts';
import { layerOf, lines, local } from './schedule.fixtures.ts';
import { renderLayer, renderSchedule } from './schedule-render.ts';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

function rendered(zone: string, layer: Layer, from: string, to: string): string[] {
  return lines(zone, renderLayer(layer, zone, local(zone, from), local(zone, to)));
}

describe('renderLayer: handoffs across daylight saving time', () => {
  const cases: Array<{ name: string; zone: string; layer: Partial<Layer>; start: string; until: string; expected: string[] }> = [
    {
      name: 'a daily 09:00 handoff stays at 09:00 in Berlin as clocks go forward (a 23-hour day)',
      zone: BERLIN,
      layer: {},
      start: '2026-03-27 09:00',
      until: '2026-03-31 09:00',
      expected: ['a Fri 03-27 09:00 → Sat 03-28 09:00 (24h)', 'b Sat 03-28 09:00 → Sun 03-29 09:00 (23h)', 'c Sun 03-29 09:00 → Mon 03-30 09:00 (24h)', 'a Mon 03-30 09:00 → Tue 03-31 09:00 (24h)'],
    },
    {
      name: 'a daily 09:00 handoff stays at 09:00 in Berlin as clocks go back (a 25-hour day)',
      zone: BERLIN,
      layer: {},
      start: '2026-10-23 09:00',
      until: '2026-10-26 09:00',
      expected: ['a Fri 10-23 09:00 → Sat 10-24 09:00 (24h)', 'b Sat 10-24 09:00 → Sun 10-25 09:00 (25h)', 'c Sun 10-25 09:00 → Mon 10-26 09:00 (24h)'],
    },
    {
      name: 'a daily 09:00 handoff stays at 09:00 in New York as clocks go forward on 8 March',
      zone: NEW_YORK,
      layer: { users: ['a', 'b'] },
      start: '2026-03-07 09:00',
      until: '2026-03-09 09:00',
      expected: ['a Sat 03-07 09:00 → Sun 03-08 09:00 (23h)', 'b Sun 03-08 09:00 → Mon 03-09 09:00 (24h)'],
    },
    {
      name: 'a daily handoff in New York on the day clocks go back lasts 25 hours',
      zone: NEW_YORK,
      layer: { users: ['a', 'b'] },
      start: '2026-10-31 09:00',
      until: '2026-11-02 09:00',
      expected: ['a Sat 10-31 09:00 → Sun 11-01 09:00 (25h)', 'b Sun 11-01 09:00 → Mon 11-02 09:00 (24h)'],
    },
    {
      name: 'a weekly Monday 09:00 handoff in Berlin: the week with the change is 167 hours',
      zone: BERLIN,
      layer: { rotation: { kind: 'weekly' }, users: ['a', 'b'] },
      start: '2026-03-23 09:00',
      until: '2026-04-06 09:00',
      expected: ['a Mon 03-23 09:00 → Mon 03-30 09:00 (167h)', 'b Mon 03-30 09:00 → Mon 04-06 09:00 (168h)'],
    },
    {
      name: 'a weekly Monday 09:00 handoff in New York: the week with the change is 169 hours',
      zone: NEW_YORK,
      layer: { rotation: { kind: 'weekly' }, users: ['a', 'b'] },
      start: '2026-10-26 09:00',
      until: '2026-11-09 09:00',
      expected: ['a Mon 10-26 09:00 → Mon 11-02 09:00 (169h)', 'b Mon 11-02 09:00 → Mon 11-09 09:00 (168h)'],
    },
    {
      name: 'a weekly rotation hands off on the weekday it started, at the handoff time; the first turn is cut short',
      zone: BERLIN,
      layer: { rotation: { kind: 'weekly' }, users: ['a', 'b'] },
      start: '2026-03-25 14:00',
      until: '2026-04-08 09:00',
      expected: ['a Wed 03-25 14:00 → Wed 04-01 09:00 (162h)', 'b Wed 04-01 09:00 → Wed 04-08 09:00 (168h)'],
    },
    {
      name: 'a custom 12-hour rotation lasts exactly 12 hours, so its local handoff moves with the change in Berlin',
      zone: BERLIN,
      layer: { rotation: { kind: 'custom', hours: 12 }, handoffTime: '21:00', users: ['a', 'b'] },
      start: '2026-03-28 21:00',
      until: '2026-03-30 22:00',
      expected: ['a Sat 03-28 21:00 → Sun 03-29 10:00 (12h)', 'b Sun 03-29 10:00 → Sun 03-29 22:00 (12h)', 'a Sun 03-29 22:00 → Mon 03-30 10:00 (12h)', 'b Mon 03-30 10:00 → Mon 03-30 22:00 (12h)'],
    },
    {
      name: 'a custom 12-hour rotation in New York as clocks go back',
      zone: NEW_YORK,
      layer: { rotation: { kind: 'custom', hours: 12 }, handoffTime: '20:00', users: ['a', 'b'] },
      start: '2026-10-31 20:00',
      until: '2026-11-02 07:00',
      expected: ['a Sat 10-31 20:00 → Sun 11-01 07:00 (12h)', 'b Sun 11-01 07:00 → Sun 11-01 19:00 (12h)', 'a Sun 11-01 19:00 → Mon 11-02 07:00 (12h)'],
    },
    {
      name: 'a handoff time that does not exist on the day clocks go forward moves forward by the hour skipped (03:30)',
      zone: BERLIN,
      layer: { handoffTime: '02:30' },
      start: '2026-03-27 02:30',
      until: '2026-03-30 02:30',
      expected: ['a Fri 03-27 02:30 → Sat 03-28 02:30 (24h)', 'b Sat 03-28 02:30 → Sun 03-29 03:30 (24h)', 'c Sun 03-29 03:30 → Mon 03-30 02:30 (23h)'],
    },
    {
      name: 'a handoff time the clock shows twice as it goes back is its first occurrence',
      zone: BERLIN,
      layer: { handoffTime: '02:30' },
      start: '2026-10-24 02:30',
      until: '2026-10-26 02:30',
      expected: ['a Sat 10-24 02:30 → Sun 10-25 02:30 (24h)', 'b Sun 10-25 02:30 → Mon 10-26 02:30 (25h)'],
    },
    {
      name: 'Lord Howe Island moves its clocks by half an hour: that day’s turn is 23½ hours',
      zone: 'Australia/Lord_Howe',
      layer: { users: ['a', 'b'] },
      start: '2026-10-03 09:00',
      until: '2026-10-05 09:00',
      expected: ['a Sat 10-03 09:00 → Sun 10-04 09:00 (23.5h)', 'b Sun 10-04 09:00 → Mon 10-05 09:00 (24h)'],
    },
  ];

  it.each(cases)('$name', ({ zone, layer, start, until, expected }) => {
    expect(rendered(zone, layerOf(local(zone, start), layer), start, until)).toEqual(expected);
  });

  it('resolves a time the clock shows twice the same way whatever the season the server runs in', () => {
    const layer = layerOf(new Date('2026-04-01T00:00:00Z'), { handoffTime: '01:45' });
    const render = (now: string) => {
      Settings.now = () => Date.parse(now);
      try {
        return rendered('Australia/Lord_Howe', layer, '2026-04-04 12:00', '2026-04-05 12:00');
      } finally {
        Settings.now = () => Date.now();
      }
    };
    // 01:45 on 5 April happens at +11:00, then again at +10:30; the handoff is the first.
    expect(render('2026-07-01T00:00:00Z')).toEqual(['a Sat 04-04 12:00 → Sun 04-05 01:45 (13.75h)', 'b Sun 04-05 01:45 → Sun 04-05 12:00 (10.75h)']);
    expect(render('2026-01-01T00:00:00Z')).toEqual(render('2026-07-01T00:00:00Z'));
  });

  it('starts the rotation at the layer’s start and ends it at the layer’s end, whatever the range', () => {
    const layer = layerOf(local(BERLIN, '2026-03-02 15:00'), { end: local(BERLIN, '2026-03-04 12:00') });
    expect(rendered(BERLIN, layer, '2026-03-01 00:00', '2026-03-10 00:00')).toEqual([
      'a Mon 03-02 15:00 → Tue 03-03 09:00 (18h)',
      'b Tue 03-03 09:00 → Wed 03-04 09:00 (24h)',
      'c Wed 03-04 09:00 → Wed 03-04 12:00 (3h)',
    ]);
  });

  it('joins the turns of a user who is the only one in the rotation', () => {
    const layer = layerOf(local(BERLIN, '2026-03-02 09:00'), { users: ['solo'] });
    expect(rendered(BERLIN, layer, '2026-03-02 12:00', '2026-03-05 12:00')).toEqual(['solo Mon 03-02 12:00 → Thu 03-05 12:00 (72h)']);
  });
});

describe('renderLayer: restrictions', () => {
  it('a nightly window 22:00–06:00 crosses midnight, and is 7 hours on the night clocks go forward', () => {
    const layer = layerOf(local(BERLIN, '2026-03-27 09:00'), { users: ['a', 'b'], restrictions: [{ kind: 'daily', startTime: '22:00', endTime: '06:00' }] });
    expect(rendered(BERLIN, layer, '2026-03-27 09:00', '2026-03-30 09:00')).toEqual([
      'a Fri 03-27 22:00 → Sat 03-28 06:00 (8h)',
      'b Sat 03-28 22:00 → Sun 03-29 06:00 (7h)',
      'a Sun 03-29 22:00 → Mon 03-30 06:00 (8h)',
    ]);
  });

  it('a weekend window Fri 18:00 → Mon 09:00 crosses the week’s end; the rotation turns underneath it', () => {
    const layer = layerOf(local(BERLIN, '2026-03-07 12:00'), {
      rotation: { kind: 'weekly' },
      handoffTime: '12:00',
      users: ['a', 'b'],
      restrictions: [{ kind: 'weekly', startDay: 5, startTime: '18:00', endDay: 1, endTime: '09:00' }],
    });
    expect(rendered(BERLIN, layer, '2026-03-09 00:00', '2026-03-23 12:00')).toEqual([
      'a Mon 03-09 00:00 → Mon 03-09 09:00 (9h)',
      'a Fri 03-13 18:00 → Sat 03-14 12:00 (18h)',
      'b Sat 03-14 12:00 → Mon 03-16 09:00 (45h)',
      'b Fri 03-20 18:00 → Sat 03-21 12:00 (18h)',
      'a Sat 03-21 12:00 → Mon 03-23 09:00 (45h)',
    ]);
  });

  it('a window inside the hour clocks skip is empty that night; inside the hour they repeat it lasts both', () => {
    const layer = (start: string) => layerOf(local(BERLIN, start), { users: ['a'], restrictions: [{ kind: 'daily', startTime: '02:00', endTime: '03:00' }] });
    expect(rendered(BERLIN, layer('2026-03-27 09:00'), '2026-03-28 00:00', '2026-03-31 00:00')).toEqual(['a Sat 03-28 02:00 → Sat 03-28 03:00 (1h)', 'a Mon 03-30 02:00 → Mon 03-30 03:00 (1h)']);
    expect(rendered(BERLIN, layer('2026-10-23 09:00'), '2026-10-25 00:00', '2026-10-26 00:00')).toEqual(['a Sun 10-25 02:00 → Sun 10-25 03:00 (2h)']);
  });

  it('windows that overlap or touch make one window, and a window whose end equals its start is the whole day', () => {
    const restrictions: Layer['restrictions'] = [
      { kind: 'daily', startTime: '08:00', endTime: '12:00' },
      { kind: 'daily', startTime: '11:00', endTime: '14:00' },
      { kind: 'daily', startTime: '14:00', endTime: '15:00' },
    ];
    const layer = layerOf(local(BERLIN, '2026-03-02 09:00'), { users: ['a'], restrictions });
    expect(rendered(BERLIN, layer, '2026-03-02 00:00', '2026-03-03 00:00')).toEqual(['a Mon 03-02 09:00 → Mon 03-02 15:00 (6h)']);
    const allDay = layerOf(local(BERLIN, '2026-03-02 09:00'), { users: ['a', 'b'], restrictions: [{ kind: 'daily', startTime: '07:00', endTime: '07:00' }] });
    expect(rendered(BERLIN, allDay, '2026-03-02 09:00', '2026-03-04 09:00')).toEqual(['a Mon 03-02 09:00 → Tue 03-03 09:00 (24h)', 'b Tue 03-03 09:00 → Wed 03-04 09:00 (24h)']);
  });
});

describe('renderSchedule: layers and overrides', () => {
  const monday = local(BERLIN, '2026-03-02 09:00');
  const schedule = (layers: Layer[], overrides: Override[] = []): Schedule => ({ timeZone: BERLIN, layers, overrides });
  const final = (s: Schedule, from: string, to: string) => lines(BERLIN, renderSchedule(s, local(BERLIN, from), local(BERLIN, to)).final);
  const override = (userId: string, from: string, to: string): Override => ({ userId, start: local(BERLIN, from), end: local(BERLIN, to) });

  it('a higher layer with a night window covers the lower one at night; the lower one shows through by day', () => {
    const days = layerOf(monday, { id: 'days', users: ['a', 'b'] });
    const nights = layerOf(monday, { id: 'nights', users: ['n'], restrictions: [{ kind: 'daily', startTime: '22:00', endTime: '06:00' }] });
    const result = renderSchedule(schedule([days, nights]), local(BERLIN, '2026-03-02 09:00'), local(BERLIN, '2026-03-04 09:00'));
    expect(lines(BERLIN, result.final)).toEqual([
      'a Mon 03-02 09:00 → Mon 03-02 22:00 (13h)',
      'n Mon 03-02 22:00 → Tue 03-03 06:00 (8h)',
      'a Tue 03-03 06:00 → Tue 03-03 09:00 (3h)',
      'b Tue 03-03 09:00 → Tue 03-03 22:00 (13h)',
      'n Tue 03-03 22:00 → Wed 03-04 06:00 (8h)',
      'b Wed 03-04 06:00 → Wed 03-04 09:00 (3h)',
    ]);
    expect(result.layers.map(({ layerId, entries }) => [layerId, lines(BERLIN, entries)])).toEqual([
      ['days', ['a Mon 03-02 09:00 → Tue 03-03 09:00 (24h)', 'b Tue 03-03 09:00 → Wed 03-04 09:00 (24h)']],
      ['nights', ['n Mon 03-02 22:00 → Tue 03-03 06:00 (8h)', 'n Tue 03-03 22:00 → Wed 03-04 06:00 (8h)']],
    ]);
  });

  it('a higher layer covers the lower one only between its start and end', () => {
    const cover = layerOf(local(BERLIN, '2026-03-02 12:00'), { id: 'cover', users: ['x'], end: local(BERLIN, '2026-03-02 15:00') });
    expect(final(schedule([layerOf(monday), cover]), '2026-03-02 09:00', '2026-03-03 09:00')).toEqual([
      'a Mon 03-02 09:00 → Mon 03-02 12:00 (3h)',
      'x Mon 03-02 12:00 → Mon 03-02 15:00 (3h)',
      'a Mon 03-02 15:00 → Tue 03-03 09:00 (18h)',
    ]);
  });

  it('an override spanning a handoff takes both turns’ time', () => {
    expect(final(schedule([layerOf(monday)], [override('x', '2026-03-02 18:00', '2026-03-03 12:00')]), '2026-03-02 09:00', '2026-03-04 09:00')).toEqual([
      'a Mon 03-02 09:00 → Mon 03-02 18:00 (9h)',
      'x Mon 03-02 18:00 → Tue 03-03 12:00 (18h)',
      'b Tue 03-03 12:00 → Wed 03-04 09:00 (21h)',
    ]);
  });

  it('overrides reaching outside the range are cut to it', () => {
    const overrides = [override('y', '2026-03-01 12:00', '2026-03-02 12:00'), override('z', '2026-03-02 20:00', '2026-03-04 00:00')];
    expect(final(schedule([layerOf(monday)], overrides), '2026-03-02 09:00', '2026-03-03 09:00')).toEqual([
      'y Mon 03-02 09:00 → Mon 03-02 12:00 (3h)',
      'a Mon 03-02 12:00 → Mon 03-02 20:00 (8h)',
      'z Mon 03-02 20:00 → Tue 03-03 09:00 (13h)',
    ]);
  });

  it('an override applies where no layer has anyone (before the layer starts)', () => {
    expect(final(schedule([layerOf(monday)], [override('x', '2026-03-02 06:00', '2026-03-02 10:00')]), '2026-03-02 00:00', '2026-03-02 12:00')).toEqual([
      'x Mon 03-02 06:00 → Mon 03-02 10:00 (4h)',
      'a Mon 03-02 10:00 → Mon 03-02 12:00 (2h)',
    ]);
  });

  it('of overlapping overrides the later one wins, and an override for the user already on call joins their turn', () => {
    const overrides = [override('x', '2026-03-02 10:00', '2026-03-02 14:00'), override('y', '2026-03-02 12:00', '2026-03-02 16:00'), override('b', '2026-03-03 06:00', '2026-03-03 09:00')];
    expect(final(schedule([layerOf(monday)], overrides), '2026-03-02 09:00', '2026-03-04 09:00')).toEqual([
      'a Mon 03-02 09:00 → Mon 03-02 10:00 (1h)',
      'x Mon 03-02 10:00 → Mon 03-02 12:00 (2h)',
      'y Mon 03-02 12:00 → Mon 03-02 16:00 (4h)',
      'a Mon 03-02 16:00 → Tue 03-03 06:00 (14h)',
      'b Tue 03-03 06:00 → Wed 03-04 09:00 (27h)',
    ]);
  });

  it('renders nothing for an empty range or a schedule without layers', () => {
    expect(renderSchedule(schedule([layerOf(monday)]), monday, monday)).toEqual({ final: [], layers: [{ layerId: 'primary', entries: [] }] });
    expect(final(schedule([]), '2026-03-02 09:00', '2026-03-04 09:00')).toEqual([]);
  });
});
