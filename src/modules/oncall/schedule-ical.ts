import { createHash } from 'node:crypto';
import ical from 'ical-generator';
import type { ScheduleEntry } from './schedule.ts';

/** An entry of a feed that may gather several schedules (a user's own feed). */
export interface CalendarEntry extends ScheduleEntry {
  /** The schedule the entry comes from, when not the calendar's `scheduleId`. */
  scheduleId?: string;
  /** The event's title, when not "On call: <name of the user>". */
  summary?: string;
}

export interface ScheduleCalendar {
  /** Part of every event's UID, so that entries of two schedules never share one. */
  scheduleId: string;
  /** The calendar's name, as subscribing apps show it. */
  name: string;
  entries: readonly CalendarEntry[];
  nameOf: (userId: string) => string;
  /** DTSTAMP of every event: when the feed was made (now by default). */
  generatedAt?: Date;
}

/**
 * An iCalendar (RFC 5545) feed of on-call entries, one event each, times in UTC. An event's UID comes from the
 * schedule, the user and the entry's start and end, so the same entry keeps its UID from one feed to the next;
 * render the feed from a fixed point (say the start of a day) so that its first entry is not cut differently
 * on every request.
 */
export function scheduleIcal({ scheduleId, name, entries, nameOf, generatedAt = new Date() }: ScheduleCalendar): string {
  const calendar = ical({ name, prodId: { company: 'Vigil', product: 'On-call schedule', language: 'EN' } });
  for (const entry of entries) {
    calendar.createEvent({
      id: `${entryUid(entry.scheduleId ?? scheduleId, entry)}@vigil`,
      start: entry.start,
      end: entry.end,
      stamp: generatedAt,
      summary: entry.summary ?? `On call: ${nameOf(entry.userId)}`,
    });
  }
  return calendar.toString();
}

function entryUid(scheduleId: string, entry: ScheduleEntry): string {
  const key = [scheduleId, entry.userId, entry.start.toISOString(), entry.end.toISOString()].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
