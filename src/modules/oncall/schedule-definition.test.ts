import '../../http/validation.ts'; // the API's wording for the generic messages (required, unknown field)
import { describe, expect, it } from 'vitest';
import { scheduleDefinition } from './schedule-definition.ts';

const layer = {
  name: 'Primary',
  start: '2026-03-02T09:00:00+01:00',
  rotation: { kind: 'weekly' },
  handoff_time: '09:00',
  users: ['u-1', 'u-2'],
};
const valid = { time_zone: 'Europe/Berlin', layers: [layer] };

/** `field: message` for each problem, as the API reports them. */
function problems(input: unknown): string[] {
  const result = scheduleDefinition.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const withLayer = (fields: Record<string, unknown>) => ({ ...valid, layers: [{ ...layer, ...fields }] });

describe('scheduleDefinition', () => {
  it('turns a definition from the API into a schedule, with defaults for what it leaves out', () => {
    const definition = {
      time_zone: 'America/New_York',
      layers: [
        layer,
        {
          id: 'nights',
          start: '2026-03-02T22:00:00Z',
          end: '2026-06-01T00:00:00Z',
          rotation: { kind: 'custom', hours: 12 },
          handoff_time: '22:00',
          users: ['u-3'],
          restrictions: [
            { kind: 'daily', start_time: '22:00', end_time: '06:00' },
            { kind: 'weekly', start_day: 5, start_time: '18:00', end_day: 1, end_time: '09:00' },
          ],
        },
      ],
      overrides: [{ start: '2026-03-03T00:00:00Z', end: '2026-03-04T00:00:00Z', user_id: 'u-9' }],
    };
    expect(scheduleDefinition.parse(definition)).toEqual({
      timeZone: 'America/New_York',
      layers: [
        { id: 'layer-1', name: 'Primary', start: new Date('2026-03-02T08:00:00Z'), rotation: { kind: 'weekly' }, handoffTime: '09:00', users: ['u-1', 'u-2'], restrictions: [] },
        {
          id: 'nights',
          name: 'Layer 2',
          start: new Date('2026-03-02T22:00:00Z'),
          end: new Date('2026-06-01T00:00:00Z'),
          rotation: { kind: 'custom', hours: 12 },
          handoffTime: '22:00',
          users: ['u-3'],
          restrictions: [
            { kind: 'daily', startTime: '22:00', endTime: '06:00' },
            { kind: 'weekly', startDay: 5, startTime: '18:00', endDay: 1, endTime: '09:00' },
          ],
        },
      ],
      overrides: [{ start: new Date('2026-03-03T00:00:00Z'), end: new Date('2026-03-04T00:00:00Z'), userId: 'u-9' }],
    });
  });

  const cases: Array<[string, unknown, string[]]> = [
    ['an unknown time zone', { ...valid, time_zone: 'Europe/Berln' }, ['time_zone: must be an IANA time zone such as Europe/Berlin or America/New_York']],
    ['an offset instead of a zone', { ...valid, time_zone: '+01:00' }, ['time_zone: must be an IANA time zone such as Europe/Berlin or America/New_York']],
    ['a handoff time without its leading zero', withLayer({ handoff_time: '9:00' }), ['layers.0.handoff_time: must be a time of day as HH:mm, 00:00 to 23:59']],
    ['a handoff time of 24:00', withLayer({ handoff_time: '24:00' }), ['layers.0.handoff_time: must be a time of day as HH:mm, 00:00 to 23:59']],
    ['a custom rotation of 0 hours', withLayer({ rotation: { kind: 'custom', hours: 0 } }), ['layers.0.rotation.hours: must be at least 1 hour']],
    ['a custom rotation longer than a year', withLayer({ rotation: { kind: 'custom', hours: 8761 } }), ['layers.0.rotation.hours: must be at most 8760 hours (a year)']],
    ['a custom rotation of 1.5 hours', withLayer({ rotation: { kind: 'custom', hours: 1.5 } }), ['layers.0.rotation.hours: must be a whole number of hours']],
    ['a rotation of an unknown kind', withLayer({ rotation: { kind: 'monthly' } }), ['layers.0.rotation.kind: must have a kind of daily, weekly or custom']],
    ['a layer without users', withLayer({ users: [] }), ['layers.0.users: must name at least one user']],
    ['a layer that ends before it starts', withLayer({ end: '2026-03-01T00:00:00Z' }), ['layers.0.end: must be after start']],
    ['a start without a time zone', withLayer({ start: '2026-03-02T09:00:00' }), ['layers.0.start: must be an ISO 8601 date-time with a time zone']],
    ['an unknown field', withLayer({ colour: 'red' }), ['layers.0: has unknown field "colour"']],
    [
      'restriction days outside 1..7',
      withLayer({ restrictions: [{ kind: 'weekly', start_day: 0, start_time: '18:00', end_day: 8, end_time: '09:00' }] }),
      ['layers.0.restrictions.0.start_day: must be 1 (Monday) to 7 (Sunday)', 'layers.0.restrictions.0.end_day: must be 1 (Monday) to 7 (Sunday)'],
    ],
    ['a restriction time out of range', withLayer({ restrictions: [{ kind: 'daily', start_time: '22:60', end_time: '06:00' }] }), ['layers.0.restrictions.0.start_time: must be a time of day as HH:mm, 00:00 to 23:59']],
    ['no layers', { ...valid, layers: [] }, ['layers: must have at least one layer']],
    ['21 layers', { ...valid, layers: Array.from({ length: 21 }, () => layer) }, ['layers: must have at most 20 layers']],
    ['an override that ends when it starts', { ...valid, overrides: [{ start: '2026-03-03T00:00:00Z', end: '2026-03-03T00:00:00Z', user_id: 'u-1' }] }, ['overrides.0.end: must be after start']],
    ['a missing time zone', { layers: [layer] }, ['time_zone: is required']],
  ];

  it.each(cases)('refuses %s, naming the field', (_name, input, expected) => {
    expect(problems(input)).toEqual(expected);
  });
});
