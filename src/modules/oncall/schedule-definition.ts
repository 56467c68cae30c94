import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { Layer, Restriction, Schedule, Weekday } from './schedule.ts';

/**
 * A schedule definition as the API receives it (snake_case, ISO 8601 instants), checked and turned into a
 * `Schedule`. Messages say why; the issue's path names the field (`layers.0.handoff_time`).
 */

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm, 00:00 to 23:59');

const weekday = z
  .number()
  .int('must be a whole number, 1 (Monday) to 7 (Sunday)')
  .min(1, 'must be 1 (Monday) to 7 (Sunday)')
  .max(7, 'must be 1 (Monday) to 7 (Sunday)')
  .transform((day) => day as Weekday);

export const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' }).transform((value) => new Date(value));

export const timeZone = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters long')
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin or America/New_York');

const rotation = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('daily') }),
    z.strictObject({ kind: z.literal('weekly') }),
    z.strictObject({
      kind: z.literal('custom'),
      hours: z.number().int('must be a whole number of hours').min(1, 'must be at least 1 hour').max(8760, 'must be at most 8760 hours (a year)'),
    }),
  ],
  { error: 'must have a kind of daily, weekly or custom' },
);

const restriction = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('daily'), start_time: timeOfDay, end_time: timeOfDay }),
    z.strictObject({ kind: z.literal('weekly'), start_day: weekday, start_time: timeOfDay, end_day: weekday, end_time: timeOfDay }),
  ],
  { error: 'must have a kind of daily or weekly' },
);

const userId = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters long');

export const layer = z
  .strictObject({
    id: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters long').optional(),
    name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters long').optional(),
    start: instant,
    end: instant.nullish(),
    rotation,
    handoff_time: timeOfDay,
    users: z.array(userId).min(1, 'must name at least one user').max(100, 'must have at most 100 users'),
    restrictions: z.array(restriction).max(50, 'must have at most 50 windows').default([]),
  })
  .superRefine((value, context) => {
    if (value.end && value.end <= value.start) context.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  });

const override = z
  .strictObject({ start: instant, end: instant, user_id: userId })
  .superRefine((value, context) => {
    if (value.end <= value.start) context.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  });

export const scheduleDefinition = z
  .strictObject({
    time_zone: timeZone,
    layers: z.array(layer).min(1, 'must have at least one layer').max(20, 'must have at most 20 layers'),
    overrides: z.array(override).max(1000, 'must have at most 1000 overrides').default([]),
  })
  .transform(
    (definition): Schedule => ({
      timeZone: definition.time_zone,
      layers: definition.layers.map(
        (given, index): Layer => ({
          id: given.id ?? `layer-${index + 1}`,
          name: given.name ?? `Layer ${index + 1}`,
          start: given.start,
          ...(given.end && { end: given.end }),
          rotation: given.rotation,
          handoffTime: given.handoff_time,
          users: given.users,
          restrictions: given.restrictions.map(
            (window): Restriction =>
              window.kind === 'daily'
                ? { kind: 'daily', startTime: window.start_time, endTime: window.end_time }
                : { kind: 'weekly', startDay: window.start_day, startTime: window.start_time, endDay: window.end_day, endTime: window.end_time },
          ),
        }),
      ),
      overrides: definition.overrides.map((given) => ({ start: given.start, end: given.end, userId: given.user_id })),
    }),
  );
