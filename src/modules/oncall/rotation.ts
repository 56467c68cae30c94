import { HOUR, localDay, localInstant, minutesOfClock } from './local-time.ts';
import type { Layer } from './schedule.ts';

/** The k-th turn of a layer's rotation: [start, end), k = 0 being the turn running at the layer's start. */
export interface Shift {
  index: number;
  start: number;
  end: number;
}

/** A layer's rotation in a zone: where its handoffs fall (the model is described in schedule.ts). */
export class RotationClock {
  private readonly minute: number;
  /** Daily and weekly: the local day of handoff 0 and the days between handoffs. */
  private readonly anchorDay: number;
  private readonly stepDays: number;
  /** Custom: handoff 0 and the absolute length of a turn. */
  private readonly anchor: number;
  private readonly turn: number;

  constructor(
    layer: Pick<Layer, 'start' | 'rotation' | 'handoffTime'>,
    private readonly zone: string,
  ) {
    const start = layer.start.getTime();
    this.minute = minutesOfClock(layer.handoffTime);
    this.stepDays = layer.rotation.kind === 'weekly' ? 7 : 1;
    const startDay = localDay(zone, start);
    const beforeHandoff = localInstant(zone, startDay, this.minute) > start;
    this.anchorDay = beforeHandoff ? startDay - this.stepDays : startDay;
    // A custom rotation starts turning at the last handoff time before its start, then counts absolute hours.
    this.anchor = localInstant(zone, beforeHandoff ? startDay - 1 : startDay, this.minute);
    this.turn = layer.rotation.kind === 'custom' ? layer.rotation.hours * HOUR : 0;
  }

  /** The instant of handoff k (the start of shift k). */
  handoff(index: number): number {
    if (this.turn > 0) return this.anchor + index * this.turn;
    return localInstant(this.zone, this.anchorDay + index * this.stepDays, this.minute);
  }

  /** The shift running at the instant; `day` is its local day, when the caller has it already. */
  shiftAt(at: number, day?: number): Shift {
    let index = this.turn > 0 ? Math.floor((at - this.anchor) / this.turn) : Math.floor(((day ?? localDay(this.zone, at)) - this.anchorDay) / this.stepDays);
    // The day's handoff may still be ahead of `at`; the loops also absorb DST edge cases around midnight.
    let start = this.handoff(index);
    while (start > at) start = this.handoff((index -= 1));
    let end = this.handoff(index + 1);
    while (end <= at) {
      index += 1;
      start = end;
      end = this.handoff(index + 1);
    }
    return { index, start, end };
  }

  next(shift: Shift): Shift {
    return { index: shift.index + 1, start: shift.end, end: this.handoff(shift.index + 2) };
  }
}

/** Who takes shift k: the rotation cycles through the users in order. */
export function userOfShift(users: readonly string[], index: number): string | undefined {
  return users[((index % users.length) + users.length) % users.length];
}
