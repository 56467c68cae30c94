import { localDay, localInstant, MINUTES_PER_DAY, minutesOfClock } from './local-time.ts';
import type { Restriction } from './schedule.ts';

/** An interval [start, end) in epoch milliseconds. */
export interface Span {
  start: number;
  end: number;
}

/** 1970-01-05, the first Monday: weekly windows repeat from there. */
const FIRST_MONDAY = 4;

/** A restriction as a window that repeats every `periodDays` from `originDay`, in wall-clock minutes. */
interface Repeating {
  originDay: number;
  periodDays: number;
  /** Minutes from the start of the period to the window's start, and the window's length on the clock. */
  offset: number;
  length: number;
}

function repeating(restriction: Restriction): Repeating {
  const startMinute = minutesOfClock(restriction.startTime);
  const endMinute = minutesOfClock(restriction.endTime);
  if (restriction.kind === 'daily') {
    return { originDay: 0, periodDays: 1, offset: startMinute, length: clockLength(startMinute, endMinute, MINUTES_PER_DAY) };
  }
  const offset = (restriction.startDay - 1) * MINUTES_PER_DAY + startMinute;
  const endOffset = (restriction.endDay - 1) * MINUTES_PER_DAY + endMinute;
  return { originDay: FIRST_MONDAY, periodDays: 7, offset, length: clockLength(offset, endOffset, 7 * MINUTES_PER_DAY) };
}

/** Minutes from start to end on a clock that wraps at `period`; equal means the whole period. */
function clockLength(start: number, end: number, period: number): number {
  return (end - start + period) % period || period;
}

/** The instant `minutes` past the start of local day `day`, for minutes beyond one day too. */
function wallInstant(zone: string, day: number, minutes: number): number {
  return localInstant(zone, day + Math.floor(minutes / MINUTES_PER_DAY), minutes % MINUTES_PER_DAY);
}

/** The layer's restrictions in a zone: when it may have someone on call. No restrictions: always. */
export class RestrictionMask {
  private readonly windows: Repeating[];

  constructor(
    restrictions: readonly Restriction[] | undefined,
    private readonly zone: string,
  ) {
    this.windows = (restrictions ?? []).map(repeating);
  }

  get unrestricted(): boolean {
    return this.windows.length === 0;
  }

  /** The n-th occurrence of a window (n counts periods from its origin); may be empty across a DST gap. */
  private occurrence(window: Repeating, n: number): Span {
    const periodStart = window.originDay + n * window.periodDays;
    return { start: wallInstant(this.zone, periodStart, window.offset), end: wallInstant(this.zone, periodStart, window.offset + window.length) };
  }

  /** Whether the instant lies in a window; `day` is its local day, when the caller has it already. */
  contains(at: number, day = localDay(this.zone, at)): boolean {
    if (this.unrestricted) return true;
    return this.windows.some((window) => {
      // A window is at most one period long, so only the occurrence starting in this period or the one before
      // can hold `at`. Once this one has started, the one before can only still run inside it (where a clock
      // change moves its end past this one's start), so this one decides.
      const n = Math.floor((day - window.originDay) / window.periodDays);
      const current = this.occurrence(window, n);
      if (current.start <= at) return at < current.end;
      const previous = this.occurrence(window, n - 1);
      return previous.start <= at && at < previous.end;
    });
  }

  /** The windows within [from, to), clipped, merged where they touch or overlap, in order. */
  within(from: number, to: number): Span[] {
    if (this.unrestricted) return from < to ? [{ start: from, end: to }] : [];
    const spans: Span[] = [];
    const firstDay = localDay(this.zone, from);
    const lastDay = localDay(this.zone, to);
    for (const window of this.windows) {
      const first = Math.floor((firstDay - window.originDay) / window.periodDays) - 1;
      const last = Math.floor((lastDay - window.originDay) / window.periodDays);
      for (let n = first; n <= last; n += 1) {
        const span = this.occurrence(window, n);
        const start = Math.max(span.start, from);
        const end = Math.min(span.end, to);
        if (start < end) spans.push({ start, end });
      }
    }
    return union(spans);
  }
}

function union(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
