import type { Schedule, ScheduleBody } from './schedules.queries';
import { browserZone } from './zoned-format';
import { fromInputValue, startOfDay, toInputValue } from './zoned-time';

type Layer = Schedule['layers'][number];
type RotationKind = Layer['rotation']['kind'];

export interface RestrictionDraft {
  key: string;
  kind: 'daily' | 'weekly';
  start_day: string;
  start_time: string;
  end_day: string;
  end_time: string;
}

/** A layer as the form edits it: strings as the inputs hold them, times local to the schedule's zone. */
export interface LayerDraft {
  key: string;
  id?: string;
  name: string;
  start: string;
  end: string;
  rotation: RotationKind;
  hours: string;
  handoff_time: string;
  users: string[];
  restrictions: RestrictionDraft[];
}

export interface ScheduleDraft {
  name: string;
  description: string;
  time_zone: string;
  layers: LayerDraft[];
}

let counter = 0;
/** A key for a list item that is new in the form (React needs one that survives reordering). */
export const newKey = () => `new-${(counter += 1)}`;

export function newLayer(index: number, zone: string): LayerDraft {
  const today = new Date(startOfDay(Date.now(), zone)).toISOString();
  return { key: newKey(), name: `Layer ${index + 1}`, start: toInputValue(today, zone), end: '', rotation: 'weekly', hours: '24', handoff_time: '09:00', users: [], restrictions: [] };
}

export function newRestriction(): RestrictionDraft {
  return { key: newKey(), kind: 'daily', start_day: '1', start_time: '09:00', end_day: '5', end_time: '17:00' };
}

export function emptySchedule(): ScheduleDraft {
  const zone = browserZone();
  return { name: '', description: '', time_zone: zone, layers: [newLayer(0, zone)] };
}

export function draftOf(schedule: Schedule): ScheduleDraft {
  const zone = schedule.time_zone;
  return {
    name: schedule.name,
    description: schedule.description,
    time_zone: zone,
    layers: schedule.layers.map((layer) => ({
      key: layer.id,
      id: layer.id,
      name: layer.name,
      start: toInputValue(layer.start, zone),
      end: toInputValue(layer.end, zone),
      rotation: layer.rotation.kind,
      hours: String(layer.rotation.hours ?? 24),
      handoff_time: layer.handoff_time,
      users: [...layer.users],
      restrictions: layer.restrictions.map((window) => ({
        key: newKey(),
        kind: window.kind,
        start_day: String(window.start_day ?? 1),
        start_time: window.start_time,
        end_day: String(window.end_day ?? 5),
        end_time: window.end_time,
      })),
    })),
  };
}

/** The body the server checks: it, not the form, says what is wrong (its messages name each field). */
export function bodyOf(draft: ScheduleDraft): ScheduleBody {
  const zone = draft.time_zone;
  return {
    name: draft.name,
    description: draft.description,
    time_zone: zone,
    layers: draft.layers.map((layer) => ({
      ...(layer.id && { id: layer.id }),
      name: layer.name,
      start: fromInputValue(layer.start, zone),
      end: layer.end ? fromInputValue(layer.end, zone) : null,
      rotation: layer.rotation === 'custom' ? { kind: 'custom', hours: Number(layer.hours) } : { kind: layer.rotation },
      handoff_time: layer.handoff_time,
      users: layer.users,
      restrictions: layer.restrictions.map((window) =>
        window.kind === 'daily'
          ? { kind: 'daily', start_time: window.start_time, end_time: window.end_time }
          : { kind: 'weekly', start_day: Number(window.start_day), start_time: window.start_time, end_day: Number(window.end_day), end_time: window.end_time },
      ),
    })),
  };
}

/** Moves the item at `index` one place up (-1) or down (+1). */
export function move<T>(items: T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= items.length) return items;
  const next = [...items];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
