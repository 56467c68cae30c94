import { CronExpressionParser } from 'cron-parser';
import type { Schedule } from '../ports/job-queue.ts';
import { checkName } from './job-queue-settings.ts';

/** The first tick of `cron` strictly after `after`, reading the fields in `timeZone`. */
export function nextTick(cron: string, timeZone: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: timeZone }).next().toDate();
}

/** Throws a readable error for a bad name, cron expression or time zone; returns the zone (UTC by default). */
export function checkSchedule(schedule: Schedule): string {
  checkName('schedule', schedule.name);
  const timeZone = schedule.timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`Schedule ${schedule.name}: unknown time zone ${JSON.stringify(timeZone)}.`);
  }
  try {
    nextTick(schedule.cron, timeZone, new Date());
  } catch (error) {
    throw new Error(`Schedule ${schedule.name}: invalid cron ${JSON.stringify(schedule.cron)} (${(error as Error).message}).`);
  }
  return timeZone;
}

/** The idempotency key of the job a schedule starts for one tick. */
export function tickKey(name: string, tick: Date): string {
  return `cron:${name}:${tick.toISOString()}`;
}
