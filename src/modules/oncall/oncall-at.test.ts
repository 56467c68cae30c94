import { describe, expect, it } from 'vitest';
import { oncallAt } from './oncall-at.ts';
import type { Schedule } from './schedule.ts';
import { layerOf, local } from './schedule.fixtures.ts';

const BERLIN = 'Europe/Berlin';
const at = (text: string, plusMs = 0) => new Date(local(BERLIN, text).getTime() + plusMs);

describe('oncallAt', () => {
  const monday = local(BERLIN, '2026-03-02 09:00');
  const schedule: Schedule = {
    timeZone: BERLIN,
    layers: [
      layerOf(monday, { id: 'days' }),
      layerOf(monday, { id: 'nights', users: ['n'], restrictions: [{ kind: 'daily', startTime: '22:00', endTime: '06:00' }] }),
      layerOf(local(BERLIN, '2026-03-27 09:00'), { id: 'spring', users: ['s1', 's2'], end: local(BERLIN, '2026-03-31 00:00'), restrictions: [{ kind: 'daily', startTime: '08:00', endTime: '12:00' }] }),
    ],
    overrides: [
      { userId: 'x', start: at('2026-03-04 10:00'), end: at('2026-03-04 11:00') },
      { userId: 'y', start: at('2026-03-04 10:30'), end: at('2026-03-04 12:00') },
    ],
  };

  const cases: Array<[string, Date, string[]]> = [
    ['before every layer starts: nobody', at('2026-03-02 09:00', -1), []],
    ['at the layer’s start: its first user', at('2026-03-02 09:00'), ['a']],
    ['the last millisecond before a handoff: the outgoing user', at('2026-03-03 09:00', -1), ['a']],
    ['at the handoff: the next user', at('2026-03-03 09:00'), ['b']],
    ['the last millisecond before the night window: the day layer', at('2026-03-02 22:00', -1), ['a']],
    ['at the start of the night window: the higher layer', at('2026-03-02 22:00'), ['n']],
    ['the last millisecond of the night window', at('2026-03-03 06:00', -1), ['n']],
    ['at the end of the night window: the day layer again', at('2026-03-03 06:00'), ['a']],
    ['at an override’s start', at('2026-03-04 10:00'), ['x']],
    ['where two overrides overlap: the later one', at('2026-03-04 10:30'), ['y']],
    ['at the last override’s end: the layers again', at('2026-03-04 12:00'), ['c']],
    ['the top layer’s window on the day clocks go forward, before its 09:00 handoff', at('2026-03-29 09:00', -1), ['s2']],
    ['at that handoff, 23 hours after the last', at('2026-03-29 09:00'), ['s1']],
    ['outside the top layer’s window: the layers below', at('2026-03-29 12:00'), ['a']],
    ['after the top layer ends', at('2026-03-31 08:00'), ['b']],
  ];

  it.each(cases)('%s', (_name, instant, expected) => {
    expect(oncallAt(schedule, instant)).toEqual(expected);
  });

  it('finds nobody in a schedule without layers or overrides', () => {
    expect(oncallAt({ timeZone: BERLIN, layers: [], overrides: [] }, at('2026-03-02 09:00'))).toEqual([]);
  });

  it('names the time zone when it is not one', () => {
    expect(() => oncallAt({ ...schedule, timeZone: 'Mars/Olympus_Mons' }, at('2026-03-03 09:00'))).toThrow(/"Mars\/Olympus_Mons" is not an IANA time zone/);
  });
});
