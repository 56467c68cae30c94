import { type SQL, sql } from 'drizzle-orm';
import type { JsonValue, Schedule } from '../../ports/job-queue.ts';
import type { Executor } from '../../ports/store.ts';
import { tickKey } from '../cron-schedule.ts';

export interface DueSchedule {
  queue: string;
  name: string;
  cron: string;
  time_zone: string;
  data: JsonValue;
  max_attempts: number;
  /** The tick due, in epoch milliseconds (ticks are whole seconds, so this is exact). */
  next_ms: number;
  now_ms: number;
}

async function rows<T>(executor: Executor, statement: SQL): Promise<T[]> {
  return ((await executor.execute(statement)) as unknown as { rows: T[] }).rows;
}

/** Creates or updates a schedule; its next tick moves only if its cron or zone changed. */
export function upsertSchedule(queue: string, schedule: Schedule, timeZone: string, maxAttempts: number, next: Date): SQL {
  return sql`insert into job_schedules (queue, name, cron, time_zone, data, max_attempts, next_run_at, updated_at)
             values (${queue}, ${schedule.name}, ${schedule.cron}, ${timeZone}, ${JSON.stringify(schedule.data)}::jsonb, ${maxAttempts}, ${next.toISOString()}::timestamptz, now())
             on conflict (queue, name) do update set
               data = excluded.data, max_attempts = excluded.max_attempts, updated_at = now(),
               next_run_at = case when job_schedules.cron = excluded.cron and job_schedules.time_zone = excluded.time_zone
                                  then job_schedules.next_run_at else excluded.next_run_at end,
               cron = excluded.cron, time_zone = excluded.time_zone`;
}

export async function deleteSchedule(tx: Executor, queue: string, name: string): Promise<boolean> {
  return (await rows(tx, sql`delete from job_schedules where queue = ${queue} and name = ${name} returning name`)).length > 0;
}

export function dueSchedules(executor: Executor, limit: number): Promise<DueSchedule[]> {
  return rows<DueSchedule>(
    executor,
    sql`select queue, name, cron, time_zone, data, max_attempts, (extract(epoch from next_run_at) * 1000)::float8 as next_ms,
               (extract(epoch from now()) * 1000)::float8 as now_ms
        from job_schedules where next_run_at <= now() order by next_run_at limit ${limit}`,
  );
}

export async function nextScheduleInMs(executor: Executor): Promise<number | null> {
  const [row] = await rows<{ ms: number | null }>(executor, sql`select (extract(epoch from min(next_run_at) - now()) * 1000)::float8 as ms from job_schedules`);
  return row?.ms ?? null;
}

/**
 * Moves the schedule from `tick` to `next` if no other process did, and if so enqueues the tick's job, in
 * the caller's transaction: exactly one process enqueues each tick, and a crash cannot separate the two.
 * Returns whether this call enqueued it.
 */
export async function fireTick(tx: Executor, schedule: DueSchedule, next: Date): Promise<boolean> {
  const tick = new Date(schedule.next_ms).toISOString();
  const moved = await rows(
    tx,
    sql`update job_schedules set next_run_at = ${next.toISOString()}::timestamptz
        where queue = ${schedule.queue} and name = ${schedule.name} and next_run_at = ${tick}::timestamptz returning name`,
  );
  if (moved.length === 0) return false;
  await tx.execute(sql`insert into jobs (queue, name, data, state, run_at, max_attempts, idempotency_key)
                       values (${schedule.queue}, ${schedule.name}, ${JSON.stringify(schedule.data)}::jsonb, 'pending', ${tick}::timestamptz,
                               ${schedule.max_attempts}, ${tickKey(schedule.name, new Date(schedule.next_ms))})
                       on conflict (queue, idempotency_key) where idempotency_key is not null do nothing`);
  return true;
}
