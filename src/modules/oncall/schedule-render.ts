import { RestrictionMask, type Span } from './restriction.ts';
import { RotationClock, userOfShift } from './rotation.ts';
import type { Layer, Override, Schedule, ScheduleEntry } from './schedule.ts';

/** What a schedule looks like over a range: who is on call in the end, and what each layer contributes. */
export interface RenderedSchedule {
  final: ScheduleEntry[];
  /** In the schedule's order, lowest layer first. */
  layers: Array<{ layerId: string; entries: ScheduleEntry[] }>;
}

interface Turn extends Span {
  userId: string;
}

/**
 * Who a layer has on call within [since, until): its shifts cut to the layer's own start and end and to its
 * restriction windows, sorted, adjacent turns of one user joined.
 */
export function renderLayer(layer: Layer, zone: string, since: Date, until: Date): ScheduleEntry[] {
  return layerTurns(layer, zone, since.getTime(), until.getTime()).map(toEntry);
}

/**
 * The schedule within [since, until): layers stacked (a higher layer covers the ones below wherever it has
 * someone), overrides on top in list order. Entries are sorted, do not overlap, and a user's adjacent entries
 * are joined into one.
 */
export function renderSchedule(schedule: Schedule, since: Date, until: Date): RenderedSchedule {
  const from = since.getTime();
  const to = until.getTime();
  const layers = schedule.layers.map((layer) => ({ layerId: layer.id, turns: layerTurns(layer, schedule.timeZone, from, to) }));
  let final: Turn[] = [];
  for (const layer of layers) final = paint(final, layer.turns);
  for (const override of schedule.overrides) final = paint(final, overrideTurns(override, from, to));
  return { final: final.map(toEntry), layers: layers.map(({ layerId, turns }) => ({ layerId, entries: turns.map(toEntry) })) };
}

function layerTurns(layer: Layer, zone: string, from: number, to: number): Turn[] {
  const low = Math.max(from, layer.start.getTime());
  const high = Math.min(to, layer.end?.getTime() ?? Number.POSITIVE_INFINITY);
  if (low >= high || layer.users.length === 0) return [];
  const rotation = new RotationClock(layer, zone);
  const windows = new RestrictionMask(layer.restrictions, zone).within(low, high);
  const turns: Turn[] = [];
  let next = 0;
  for (let shift = rotation.shiftAt(low); shift.start < high && next < windows.length; shift = rotation.next(shift)) {
    const userId = userOfShift(layer.users, shift.index)!;
    const start = Math.max(shift.start, low);
    const end = Math.min(shift.end, high);
    while (next < windows.length && windows[next]!.end <= start) next += 1;
    for (let i = next; i < windows.length && windows[i]!.start < end; i += 1) {
      append(turns, { userId, start: Math.max(start, windows[i]!.start), end: Math.min(end, windows[i]!.end) });
    }
  }
  return turns;
}

function overrideTurns(override: Override, from: number, to: number): Turn[] {
  const start = Math.max(from, override.start.getTime());
  const end = Math.min(to, override.end.getTime());
  return start < end ? [{ userId: override.userId, start, end }] : [];
}

/** `above` laid over `below` (each sorted and without overlaps): `below` shows only where `above` has nobody. */
function paint(below: readonly Turn[], above: readonly Turn[]): Turn[] {
  if (above.length === 0) return [...below];
  const pieces: Turn[] = [...above];
  let first = 0;
  for (const turn of below) {
    while (first < above.length && above[first]!.end <= turn.start) first += 1;
    let cursor = turn.start;
    for (let i = first; i < above.length && above[i]!.start < turn.end; i += 1) {
      if (above[i]!.start > cursor) pieces.push({ userId: turn.userId, start: cursor, end: above[i]!.start });
      cursor = Math.max(cursor, above[i]!.end);
    }
    if (cursor < turn.end) pieces.push({ userId: turn.userId, start: cursor, end: turn.end });
  }
  pieces.sort((a, b) => a.start - b.start);
  const joined: Turn[] = [];
  for (const piece of pieces) append(joined, piece);
  return joined;
}

/** Adds a turn after the last one, joining them when the same user carries on without a gap. */
function append(turns: Turn[], turn: Turn): void {
  const last = turns.at(-1);
  if (last && last.userId === turn.userId && last.end === turn.start) last.end = turn.end;
  else turns.push({ ...turn });
}

function toEntry(turn: Turn): ScheduleEntry {
  return { userId: turn.userId, start: new Date(turn.start), end: new Date(turn.end) };
}
