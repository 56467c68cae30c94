import { DateTime } from 'luxon';
import type { EscalationLevel } from '../oncall/oncall.tables.ts';
import type { LayerInput } from '../oncall/schedules.schema.ts';
import type { PolicyKey } from './demo-services.ts';

export const demoUsers = [
  { key: 'priya', name: 'Priya Raman' },
  { key: 'jonas', name: 'Jonas Weber' },
  { key: 'sofia', name: 'Sofia Lindqvist' },
  { key: 'mei', name: 'Mei Tanaka' },
  { key: 'arjun', name: 'Arjun Mehta' },
  { key: 'lucas', name: 'Lucas Oliveira' },
  { key: 'ethan', name: 'Ethan Brooks' },
  { key: 'amara', name: 'Amara Okafor' },
] as const;

export type UserKey = (typeof demoUsers)[number]['key'];
export type ScheduleKey = 'primary' | 'sun' | 'payments';

export interface DemoSchedule {
  key: ScheduleKey;
  name: string;
  description: string;
  time_zone: string;
  layers: LayerInput[];
}

const weekdays = [1, 2, 3, 4, 5] as const;

/**
 * The schedules, with layers that began a few weeks before `now` (so the past incidents fall inside them).
 * `user` turns a demo user's key into their id.
 */
export function demoSchedules(now: Date, user: (key: UserKey) => string): DemoSchedule[] {
  const users = (...keys: UserKey[]) => keys.map(user);
  const weeksAgo = (zone: string, weeks: number) => DateTime.fromJSDate(now, { zone }).minus({ weeks }).startOf('week');
  const sunStart = weeksAgo('UTC', 6).toJSDate();
  const region = (name: string, from: string, to: string, members: string[]): LayerInput => ({
    name,
    start: sunStart,
    rotation: { kind: 'daily' },
    handoff_time: from,
    users: members,
    restrictions: [{ kind: 'daily', start_time: from, end_time: to }],
  });
  return [
    {
      key: 'primary',
      name: 'Platform Primary',
      description: 'Weekly rotation of the platform team, handing over on Mondays at 10:00 Berlin time.',
      time_zone: 'Europe/Berlin',
      layers: [{ name: 'Weekly rotation', start: weeksAgo('Europe/Berlin', 6).set({ hour: 10 }).toJSDate(), rotation: { kind: 'weekly' }, handoff_time: '10:00', users: users('priya', 'jonas', 'sofia', 'lucas'), restrictions: [] }],
    },
    {
      key: 'sun',
      name: 'Follow the Sun',
      description: 'Around the clock in three regional shifts of eight hours, each rotating daily between two people.',
      time_zone: 'UTC',
      layers: [region('APAC', '00:00', '08:00', users('mei', 'arjun')), region('EMEA', '08:00', '16:00', users('sofia', 'jonas')), region('Americas', '16:00', '00:00', users('lucas', 'ethan'))],
    },
    {
      key: 'payments',
      name: 'Payments Business Hours',
      description: 'Payments specialists on weekdays, 09:00 to 18:00 New York time; the platform rotation covers the rest.',
      time_zone: 'America/New_York',
      layers: [
        {
          name: 'Weekdays',
          start: weeksAgo('America/New_York', 6).set({ hour: 9 }).toJSDate(),
          rotation: { kind: 'daily' },
          handoff_time: '09:00',
          users: users('ethan', 'lucas', 'priya'),
          restrictions: weekdays.map((day) => ({ kind: 'weekly' as const, start_day: day, start_time: '09:00', end_day: day, end_time: '18:00' })),
        },
      ],
    },
  ];
}

export interface DemoPolicy {
  key: PolicyKey;
  name: string;
  description: string;
  repeat_count: number;
  levels: EscalationLevel[];
}

export function demoPolicies(schedule: (key: ScheduleKey) => string, user: (key: UserKey) => string): DemoPolicy[] {
  const onSchedule = (key: ScheduleKey) => ({ type: 'schedule' as const, id: schedule(key) });
  const manager = { type: 'user' as const, id: user('amara') };
  return [
    {
      key: 'platform',
      name: 'Platform Engineering',
      description: 'The platform rotation, then the engineering manager.',
      repeat_count: 1,
      levels: [
        { delay_minutes: 15, targets: [onSchedule('primary')] },
        { delay_minutes: 30, targets: [manager] },
      ],
    },
    {
      key: 'payments',
      name: 'Payments Critical',
      description: 'Payments specialists in business hours, then the platform rotation, then the engineering manager.',
      repeat_count: 0,
      levels: [
        { delay_minutes: 10, targets: [onSchedule('payments')] },
        { delay_minutes: 15, targets: [onSchedule('primary')] },
        { delay_minutes: 30, targets: [manager] },
      ],
    },
    {
      key: 'sun',
      name: '24/7 Follow the Sun',
      description: 'Whoever is in office hours somewhere, then the platform rotation.',
      repeat_count: 1,
      levels: [
        { delay_minutes: 20, targets: [onSchedule('sun')] },
        { delay_minutes: 30, targets: [onSchedule('primary')] },
      ],
    },
  ];
}
