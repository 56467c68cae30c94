import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Schedule } from './schedule.ts';
import { layerOf, local } from './schedule.fixtures.ts';
import { scheduleIcal } from './schedule-ical.ts';
import { renderSchedule } from './schedule-render.ts';

const BERLIN = 'Europe/Berlin';
const names: Record<string, string> = { a: 'Ada Lovelace', b: 'Doe, Jane; ops', c: 'Grace Hopper', x: 'Xavier' };
const nameOf = (userId: string) => names[userId] ?? userId;

/** Across the spring change, with an override, so entries have odd lengths. */
const schedule: Schedule = {
  timeZone: BERLIN,
  layers: [layerOf(local(BERLIN, '2026-03-27 09:00'))],
  overrides: [{ userId: 'x', start: local(BERLIN, '2026-03-28 20:00'), end: local(BERLIN, '2026-03-29 12:00') }],
};
const { final } = renderSchedule(schedule, local(BERLIN, '2026-03-27 09:00'), local(BERLIN, '2026-03-31 09:00'));
const generatedAt = new Date('2026-03-01T00:00:00Z');

function parsed(text: string) {
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  return events.map((event) => ({ uid: event.uid, summary: event.summary, start: event.startDate.toJSDate(), end: event.endDate.toJSDate() }));
}

describe('scheduleIcal', () => {
  const text = scheduleIcal({ scheduleId: 'sched-1', name: 'Primary on call', entries: final, nameOf, generatedAt });

  it('writes one event per entry that a calendar parser reads back with the same times and names', () => {
    expect(final).toHaveLength(5);
    expect(text.match(/^BEGIN:VEVENT\r$/gm)).toHaveLength(final.length);
    expect(text.match(/^END:VEVENT\r$/gm)).toHaveLength(final.length);
    expect(parsed(text).map(({ summary, start, end }) => ({ summary, start, end }))).toEqual(
      final.map((entry) => ({ summary: `On call: ${nameOf(entry.userId)}`, start: entry.start, end: entry.end })),
    );
  });

  it('writes times in UTC and escapes names with commas and semicolons', () => {
    expect(text).toContain('DTSTART:20260328T080000Z\r\n'); // Sat 09:00 CET: b's turn, cut by the override at 20:00
    expect(text).toContain('DTEND:20260329T100000Z\r\n'); // the override ends Sun 12:00 CEST
    expect(text).toContain('SUMMARY:On call: Doe\\, Jane\\; ops\r\n');
    expect(text).toContain('X-WR-CALNAME:Primary on call\r\n');
  });

  it('gives each entry its own UID, the same in every feed that has the entry', () => {
    const uids = parsed(text).map((event) => event.uid);
    expect(new Set(uids).size).toBe(final.length);
    const later = parsed(scheduleIcal({ scheduleId: 'sched-1', name: 'renamed', entries: final.slice(2), nameOf, generatedAt: new Date() }));
    expect(later.map((event) => event.uid)).toEqual(uids.slice(2));
    const other = parsed(scheduleIcal({ scheduleId: 'sched-2', name: 'other', entries: final, nameOf, generatedAt }));
    expect(other.map((event) => event.uid).filter((uid) => uids.includes(uid))).toEqual([]);
  });

  it('writes a valid calendar with no events for no entries', () => {
    const empty = scheduleIcal({ scheduleId: 'sched-1', name: 'Nobody', entries: [], nameOf, generatedAt });
    expect(empty.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(parsed(empty)).toEqual([]);
  });
});
