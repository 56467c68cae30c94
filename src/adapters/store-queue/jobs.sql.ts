import { type SQL, sql } from 'drizzle-orm';
import type { DeadJob, JobState, JsonValue } from '../../ports/job-queue.ts';
import type { Executor } from '../../ports/store.ts';

// The store queue's statements, in SQL that PGlite and PostgreSQL 15 both run. Timestamps travel as epoch
// milliseconds (float8) and ids as text: the two drivers parse timestamptz and bigint differently.

export interface JobInput {
  queue: string;
  name: string;
  data: JsonValue;
  /** ISO 8601, or null for now + delay_ms (the database's now: one clock for every process). */
  run_at: string | null;
  delay_ms: number;
  max_attempts: number;
  idempotency_key: string | null;
  /** encodeCause's text, or null. */
  caused_by: string | null;
}

export interface EnqueueRow {
  i: number;
  id: string;
  created: boolean;
  due_in_ms: number;
}

export interface ClaimedRow {
  id: string;
  name: string;
  data: JsonValue;
  attempts: number;
  max_attempts: number;
  idempotency_key: string | null;
  run_at_ms: number;
  caused_by: string | null;
}

/** A job this worker holds: `attempts` tells this claim from a later one of the same job. */
export interface HeldJob {
  id: string;
  attempts: number;
}

async function rows<T>(executor: Executor, statement: SQL): Promise<T[]> {
  const result = (await executor.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

const interval = (ms: number) => sql`(${ms}::float8 * interval '1 millisecond')`;

/**
 * Inserts many jobs in one statement; a job whose (queue, key) is taken is not inserted. Ids are drawn in the
 * input so that each inserted row can be matched to its input row. Keys taken are looked up by `existingIds`.
 */
export function insertJobs(tx: Executor, input: JobInput[]): Promise<EnqueueRow[]> {
  const json = JSON.stringify(input.map((job, i) => ({ i, ...job })));
  return rows<EnqueueRow>(
    tx,
    sql`with input as materialized (
          select t.i, t.queue, t.name, coalesce(t.data, 'null'::jsonb) as data, coalesce(t.run_at, now() + t.delay_ms * interval '1 millisecond') as run_at,
                 t.max_attempts, t.idempotency_key, t.caused_by, nextval(pg_get_serial_sequence('jobs', 'id')) as id
          from jsonb_to_recordset(${json}::jsonb)
            as t(i int, queue text, name text, data jsonb, run_at timestamptz, delay_ms float8, max_attempts int, idempotency_key text, caused_by text)
        ), inserted as (
          insert into jobs (id, queue, name, data, state, run_at, max_attempts, idempotency_key, caused_by)
          select id, queue, name, data, 'pending', run_at, max_attempts, idempotency_key, caused_by from input order by i
          on conflict (queue, idempotency_key) where idempotency_key is not null do nothing
          returning id
        )
        select input.i, input.id::text as id, inserted.id is not null as created,
               (extract(epoch from input.run_at - now()) * 1000)::float8 as due_in_ms
        from input left join inserted on inserted.id = input.id`,
  );
}

/**
 * Inserts jobs as one statement of the caller's (a data-modifying CTE), which learns nothing back: a job whose
 * (queue, key) is taken is not inserted, and the job holding the key stands for it.
 */
export function insertJobsStatement(input: JobInput[]): SQL {
  const json = JSON.stringify(input);
  return sql`insert into jobs (queue, name, data, state, run_at, max_attempts, idempotency_key, caused_by)
    select t.queue, t.name, coalesce(t.data, 'null'::jsonb), 'pending', coalesce(t.run_at, now() + t.delay_ms * interval '1 millisecond'),
           t.max_attempts, t.idempotency_key, t.caused_by
    from jsonb_to_recordset(${json}::jsonb)
      as t(queue text, name text, data jsonb, run_at timestamptz, delay_ms float8, max_attempts int, idempotency_key text, caused_by text)
    on conflict (queue, idempotency_key) where idempotency_key is not null do nothing`;
}

/** Ids of the jobs holding these keys (a new statement, so it sees rows committed since the insert began). */
export function existingIds(tx: Executor, keys: Array<{ queue: string; key: string }>): Promise<Array<{ queue: string; key: string; id: string }>> {
  return rows(
    tx,
    sql`select j.queue, j.idempotency_key as key, j.id::text as id
        from jobs j join jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as k(queue text, key text)
          on j.queue = k.queue and j.idempotency_key = k.key`,
  );
}

export interface Claim {
  claimed: ClaimedRow[];
  /** In how many ms the queue's next job not yet due is due, or null if it has none. */
  nextDueInMs: number | null;
}

/**
 * Takes up to `limit` due jobs of the queue, oldest due first, leased to `worker` for `leaseMs`, and tells
 * when the next job not yet due will be (in the same statement: a claim that comes up short needs it).
 */
export async function claimJobs(tx: Executor, queue: string, limit: number, worker: string, leaseMs: number): Promise<Claim> {
  const result = await rows<ClaimedRow & { id: string | null; next_due_ms: number | null }>(
    tx,
    sql`with claimed as (
          update jobs set state = 'active', attempts = attempts + 1, locked_by = ${worker}, locked_until = now() + ${interval(leaseMs)}
          where id in (
            select id from jobs where queue = ${queue} and state = 'pending' and run_at <= now()
            order by run_at, id limit ${limit} for update skip locked
          )
          returning id::text as id, name, data, attempts, max_attempts, idempotency_key, (extract(epoch from run_at) * 1000)::float8 as run_at_ms, caused_by
        ), next_due as (
          select (extract(epoch from min(run_at) - now()) * 1000)::float8 as next_due_ms from jobs where queue = ${queue} and state = 'pending' and run_at > now()
        )
        select claimed.*, next_due.next_due_ms from next_due left join claimed on true`,
  );
  const claimed = result.filter((row): row is ClaimedRow & { next_due_ms: number | null } => row.id !== null).map(({ next_due_ms: _next, ...row }) => row);
  return { claimed, nextDueInMs: result[0]?.next_due_ms ?? null };
}

/**
 * Whether the queue has a job due now and, if not, in how many ms its next one is (a read: the poll asks
 * before it claims).
 */
export async function dueState(executor: Executor, queue: string): Promise<{ due: boolean; nextDueInMs: number | null }> {
  const [row] = await rows<{ due: boolean; next_due_ms: number | null }>(
    executor,
    sql`select exists (select 1 from jobs where queue = ${queue} and state = 'pending' and run_at <= now()) as due,
               (select (extract(epoch from min(run_at) - now()) * 1000)::float8 from jobs where queue = ${queue} and state = 'pending' and run_at > now()) as next_due_ms`,
  );
  return { due: row?.due ?? false, nextDueInMs: row?.next_due_ms ?? null };
}

const held = (jobs: HeldJob[]) => sql`jsonb_to_recordset(${JSON.stringify(jobs)}::jsonb) as h(id bigint, attempts int)`;

export function completeJobs(jobs: HeldJob[], worker: string): SQL {
  return sql`update jobs j set state = 'completed', finished_at = now(), locked_by = null, locked_until = null
             from ${held(jobs)}
             where j.id = h.id and j.attempts = h.attempts and j.state = 'active' and j.locked_by = ${worker}`;
}

/** Back to pending after `retryInMs`, or dead if that was the last attempt. */
export function failJob(job: HeldJob, worker: string, error: string, retryInMs: number): SQL {
  return sql`update jobs set
               state = case when attempts >= max_attempts then 'dead' else 'pending' end,
               run_at = case when attempts >= max_attempts then run_at else now() + ${interval(retryInMs)} end,
               finished_at = case when attempts >= max_attempts then now() end,
               last_error = ${error}, locked_by = null, locked_until = null
             where id = ${job.id}::bigint and attempts = ${job.attempts} and state = 'active' and locked_by = ${worker}`;
}

export function renewLeases(jobs: HeldJob[], worker: string, leaseMs: number): SQL {
  return sql`update jobs j set locked_until = now() + ${interval(leaseMs)}
             from ${held(jobs)}
             where j.id = h.id and j.attempts = h.attempts and j.state = 'active' and j.locked_by = ${worker}`;
}

/** Jobs whose lease expired (their worker died or stalled) run again, or die if that was their last attempt. */
export function reapExpiredLeases(tx: Executor, limit: number): Promise<Array<{ queue: string }>> {
  return rows(
    tx,
    sql`update jobs set
          state = case when attempts >= max_attempts then 'dead' else 'pending' end,
          run_at = case when attempts >= max_attempts then run_at else now() end,
          finished_at = case when attempts >= max_attempts then now() end,
          last_error = 'lease expired: the worker died or stalled', locked_by = null, locked_until = null
        where id in (select id from jobs where state = 'active' and locked_until < now() limit ${limit} for update skip locked)
        returning queue`,
  );
}

/** Removes up to `limit` completed jobs older than the retention; returns how many. */
export async function deleteExpiredCompleted(tx: Executor, retentionMs: number, limit: number): Promise<number> {
  const [row] = await rows<{ deleted: number }>(
    tx,
    sql`with deleted as (
          delete from jobs where id in (
            select id from jobs where state = 'completed' and finished_at < now() - ${interval(retentionMs)} limit ${limit}
          ) returning 1
        )
        select count(*)::int as deleted from deleted`,
  );
  return row?.deleted ?? 0;
}

export async function cancelJob(tx: Executor, queue: string, ref: { id: string } | { idempotencyKey: string }): Promise<boolean> {
  const match = 'id' in ref ? sql`id = ${ref.id}::bigint` : sql`idempotency_key = ${ref.idempotencyKey}`;
  const deleted = await rows(tx, sql`delete from jobs where queue = ${queue} and ${match} and state = 'pending' returning id`);
  return deleted.length > 0;
}

/** A position in the dead-letter list: (queue, failed at, id), the failure time as PostgreSQL prints it. */
export type DeadCursor = [queue: string, failedAt: string, id: string];

export async function listDeadJobs(executor: Executor, queue: string | undefined, limit: number, after: DeadCursor | undefined): Promise<Array<DeadJob & { cursor: DeadCursor }>> {
  const filters = [sql`state = 'dead'`];
  if (queue !== undefined) filters.push(sql`queue = ${queue}`);
  if (after) {
    const [afterQueue, afterAt, afterId] = after;
    filters.push(sql`(queue > ${afterQueue} or (queue = ${afterQueue} and (finished_at, id) < (${afterAt}::timestamptz, ${afterId}::bigint)))`);
  }
  const found = await rows<{ id: string; queue: string; name: string; data: JsonValue; idempotency_key: string | null; attempts: number; last_error: string | null; failed_at_ms: number; failed_at_text: string }>(
    executor,
    sql`select id::text as id, queue, name, data, idempotency_key, attempts, last_error,
               (extract(epoch from finished_at) * 1000)::float8 as failed_at_ms, finished_at::text as failed_at_text
        from jobs where ${sql.join(filters, sql` and `)}
        order by queue, finished_at desc, id desc limit ${limit}`,
  );
  return found.map((row) => ({
    id: row.id,
    queue: row.queue,
    name: row.name,
    data: row.data,
    idempotencyKey: row.idempotency_key,
    attempts: row.attempts,
    error: row.last_error ?? '',
    failedAt: new Date(row.failed_at_ms),
    cursor: [row.queue, row.failed_at_text, row.id],
  }));
}

/** A dead job pending again with fresh attempts; its cause becomes `causedBy` (the retry's) when given. */
export async function retryDeadJob(tx: Executor, queue: string, id: string, causedBy: string | null): Promise<boolean> {
  const updated = await rows(
    tx,
    sql`update jobs set state = 'pending', attempts = 0, run_at = now(), finished_at = null, last_error = null, caused_by = coalesce(${causedBy}, caused_by)
        where id = ${id}::bigint and queue = ${queue} and state = 'dead' returning id`,
  );
  return updated.length > 0;
}

export async function discardDeadJob(tx: Executor, queue: string, id: string): Promise<boolean> {
  const deleted = await rows(tx, sql`delete from jobs where id = ${id}::bigint and queue = ${queue} and state = 'dead' returning id`);
  return deleted.length > 0;
}

export async function countJobs(executor: Executor): Promise<Array<{ queue: string; state: JobState; count: number }>> {
  return rows(
    executor,
    sql`select queue,
               case when state = 'pending' then (case when run_at > now() then 'delayed' else 'waiting' end) else state end as state,
               count(*)::int as count
        from jobs group by 1, 2`,
  );
}
