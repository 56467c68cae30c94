import type { z } from 'zod';
import type { RenderedSchedule } from './schedule-render.ts';
import type { ScheduleEntry } from './schedule.ts';
import type { layerView } from './schedules.schema.ts';
import { type OverrideRow, type ScheduleRow, type UserRef, userRef } from './schedules.store.ts';

/** A layer as stored in `schedules.layers`: the API's own form, ids and names filled in. */
export type StoredLayerView = z.input<typeof layerView>;

export function presentSchedule(row: ScheduleRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    time_zone: row.timeZone,
    // Written by createSchedule/updateSchedule in exactly this form.
    layers: row.layers as StoredLayerView[],
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function presentOverride(row: OverrideRow, users: ReadonlyMap<string, UserRef>) {
  return {
    id: row.id,
    schedule_id: row.scheduleId,
    user: userRef(users, row.userId),
    start: row.start.toISOString(),
    end: row.end.toISOString(),
    created_at: row.createdAt.toISOString(),
  };
}

function presentEntry(entry: ScheduleEntry, users: ReadonlyMap<string, UserRef>) {
  return { user: userRef(users, entry.userId), start: entry.start.toISOString(), end: entry.end.toISOString() };
}

export function presentRender(rendered: RenderedSchedule, row: ScheduleRow, users: ReadonlyMap<string, UserRef>) {
  const names = new Map((row.layers as StoredLayerView[]).map((layer) => [layer.id, layer.name]));
  return {
    final: rendered.final.map((entry) => presentEntry(entry, users)),
    layers: rendered.layers.map((layer) => ({ id: layer.layerId, name: names.get(layer.layerId) ?? layer.layerId, entries: layer.entries.map((entry) => presentEntry(entry, users)) })),
  };
}
