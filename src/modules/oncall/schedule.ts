/**
 * An on-call schedule, modelled on PagerDuty's: layers of rotations stacked in a time zone, overrides on top.
 *
 * Time model (every wall-clock time below is local time in the schedule's `timeZone`):
 * - A layer's rotation keeps turning from its anchor, the last `handoffTime` at or before the layer's `start`
 *   (for weekly rotations, on the weekday of `start`, as PagerDuty derives it from the rotation's start). The
 *   shift running at `start` is the first user's; it may be cut short: it ends at the first handoff after `start`.
 * - Daily and weekly handoffs happen at `handoffTime` on the wall clock, so a shift across a DST change lasts
 *   23 or 25 hours (Lord Howe: 23½ or 24½). Custom rotations are exactly `hours` absolute hours long, so their
 *   local handoff time drifts by the DST shift.
 * - A wall-clock time that does not exist (spring forward) moves forward by the length of the jump (a 02:30
 *   handoff is at 03:30 that day); one the clock shows twice (fall back) is its first occurrence. Both as in
 *   java.time and Temporal ("compatible").
 * - Restrictions only mask time: the rotation turns underneath them, and inside a window the user whose shift
 *   it is is on call; outside every window the layer has nobody and the layers below show through.
 * - Intervals are half-open, [start, end): at a handoff instant the next user is already on call.
 */

export type Rotation = { kind: 'daily' } | { kind: 'weekly' } | { kind: 'custom'; hours: number };

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A window in which the layer is on call, every day or every week. A window whose end is not after its start
 * on the clock crosses midnight (or the week's end): 22:00–06:00, Fri 18:00 → Mon 09:00. An end equal to the
 * start means the whole day (or week).
 */
export type Restriction =
  | { kind: 'daily'; startTime: string; endTime: string }
  | { kind: 'weekly'; startDay: Weekday; startTime: string; endDay: Weekday; endTime: string };

export interface Layer {
  id: string;
  name: string;
  /** The instant the layer begins to apply; it also fixes the rotation's phase (see above). */
  start: Date;
  /** The instant the layer stops applying (exclusive); none: it goes on. */
  end?: Date;
  rotation: Rotation;
  /** "HH:mm", local time. */
  handoffTime: string;
  /** The rotation cycles through them in this order. */
  users: string[];
  /** None or empty: on call around the clock. */
  restrictions?: Restriction[];
}

/** Someone on call instead of every layer for [start, end); of overlapping overrides the later in the list wins. */
export interface Override {
  start: Date;
  end: Date;
  userId: string;
}

export interface Schedule {
  /** IANA zone, e.g. Europe/Berlin. */
  timeZone: string;
  /** Index 0 is the lowest: a higher layer wins wherever it has someone on call. */
  layers: Layer[];
  overrides: Override[];
}

/** One person on call for [start, end). */
export interface ScheduleEntry {
  userId: string;
  start: Date;
  end: Date;
}
