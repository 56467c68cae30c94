import { z } from 'zod';
import { inStoreRange, pageQuery } from '../../http/validation.ts';
import { instant, layer, timeZone } from './schedule-definition.ts';

/** A date-time PostgreSQL can store and compare (years 1 to 9999). */
export const storableInstant = instant.refine(inStoreRange, 'must be a date-time between the years 1 and 9999');

export const userRefView = z.object({ id: z.string(), name: z.string(), email: z.string() });

const restrictionView = z.object({
  kind: z.enum(['daily', 'weekly']),
  start_day: z.number().int().optional().describe('Weekly windows: 1 (Monday) to 7 (Sunday)'),
  start_time: z.string(),
  end_day: z.number().int().optional(),
  end_time: z.string(),
});

export const layerView = z.object({
  id: z.string(),
  name: z.string(),
  start: z.string(),
  end: z.string().nullable(),
  rotation: z.object({ kind: z.enum(['daily', 'weekly', 'custom']), hours: z.number().int().optional() }),
  handoff_time: z.string().describe('HH:mm in the time zone of the schedule'),
  users: z.array(z.string()).describe('User ids, in rotation order'),
  restrictions: z.array(restrictionView),
});

export const scheduleView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  time_zone: z.string(),
  layers: z.array(layerView).describe('Lowest first: a higher layer wins wherever it has someone on call'),
  created_at: z.string(),
  updated_at: z.string(),
});

const layers = z.array(layer).min(1, 'must have at least one layer').max(20, 'must have at most 20 layers');
const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000);

export const newScheduleBody = z.strictObject({ name, description: description.optional(), time_zone: timeZone, layers });

export const scheduleChangesBody = z
  .strictObject({ name: name.optional(), description: description.optional(), time_zone: timeZone.optional(), layers: layers.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'must name at least one field to change' });

export type LayerInput = z.output<typeof layer>;

export const scheduleListQuery = z.strictObject(pageQuery);

export const overrideView = z.object({
  id: z.uuid(),
  schedule_id: z.uuid(),
  user: userRefView,
  start: z.string(),
  end: z.string(),
  created_at: z.string(),
});

export const newOverrideBody = z
  .strictObject({ user_id: z.uuid(), start: storableInstant, end: storableInstant })
  .superRefine((value, context) => {
    if (value.end <= value.start) context.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  });

export const overrideListQuery = z.strictObject({
  since: storableInstant.optional().describe('Overrides ending after this (default: now)'),
  until: storableInstant.optional().describe('Overrides starting before this (default: no limit)'),
});

export const overrideParams = z.strictObject({ id: z.uuid(), overrideId: z.uuid() });

export const oncallQuery = z.strictObject({ at: storableInstant.optional().describe('Default: now') });

export const oncallView = z.object({
  at: z.string(),
  users: z.array(userRefView).describe('Who is on call at `at`: one user, or none'),
  until: z.string().nullable().describe('When this changes (the shift ends, or someone comes on); null: not within 93 days'),
});

export const renderQuery = z.strictObject({ since: storableInstant, until: storableInstant });

const renderedEntry = z.object({ user: userRefView, start: z.string(), end: z.string() });

export const renderView = z.object({
  final: z.array(renderedEntry).describe('Who is on call in the end: layers stacked, overrides on top'),
  layers: z.array(z.object({ id: z.string(), name: z.string(), entries: z.array(renderedEntry) })),
});
