/**
 * Background jobs: run later, retry with backoff, run at most one cron tick per schedule whatever the number of
 * processes. Delivery is at least once: a handler can run again after a crash, so handlers must be idempotent
 * (a job that completed is never run again by the queue itself).
 *
 * Queue and schedule names: a letter or digit, then letters, digits, `_`, `.` or `-` (they end up in Redis keys).
 */

import type { Cause } from '../lib/cause.ts';
import type { SQL } from 'drizzle-orm';
import type { Transaction } from './store.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface NewJob {
  /** What the handler does with it: handlers switch on it. */
  name: string;
  data: JsonValue;
  /** When to run at the earliest; `delayMs` is the same relative to now. Neither: now. */
  runAt?: Date;
  delayMs?: number;
  /**
   * At most one job per (queue, key) exists at a time: while one with this key is waiting, delayed, running,
   * dead, or completed within the retention period (a day by default; at least that, removal is lazy),
   * enqueuing again returns that job's id with `created: false`. A cancelled job frees its key at once.
   */
  idempotencyKey?: string;
  /** Runs before the job is dead-lettered (the first run counts). Default from the queue's settings. */
  maxAttempts?: number;
  /**
   * The request this job descends from, handed to its runs (log lines, trace). A handler queueing work passes
   * its own job's cause on; nothing is inherited implicitly.
   */
  cause?: Cause;
}

export interface Enqueued {
  id: string;
  created: boolean;
}

/** Which job to cancel: the id `enqueue` returned, or the idempotency key it was given. */
export type JobRef = { id: string } | { idempotencyKey: string };

/** What a handler receives. */
export interface Job {
  id: string;
  queue: string;
  name: string;
  data: JsonValue;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  /** Jobs started by a schedule have `cron:<name>:<tick as ISO 8601>`. */
  idempotencyKey: string | null;
  /** When this run became due (metrics: how long it waited for a worker), where the backend knows it. */
  readyAt?: Date;
  /** The request it descends from (for a retried dead job: the request that retried it). */
  cause?: Cause;
}

/** Resolving completes the job; throwing retries it after a backoff, or dead-letters it after the last attempt. */
export type JobHandler = (job: Job) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue this process runs at once (default 1). */
  concurrency?: number;
}

export interface Schedule {
  /** The schedule's name, unique in its queue; also the name of the jobs it starts. */
  name: string;
  /** Five fields (minute precision) or six (seconds first). */
  cron: string;
  /** IANA zone the cron fields are read in (default UTC). */
  timeZone?: string;
  data: JsonValue;
  maxAttempts?: number;
}

export interface DeadJob {
  id: string;
  queue: string;
  name: string;
  data: JsonValue;
  idempotencyKey: string | null;
  attempts: number;
  /** The last attempt's error message. */
  error: string;
  failedAt: Date;
}

export interface DeadPage {
  jobs: DeadJob[];
  /** Pass back to get the next page; null on the last one. */
  cursor: string | null;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';

export interface JobQueue {
  enqueue(queue: string, job: NewJob): Promise<Enqueued>;
  /**
   * Only a queue kept in the store (the store queue) has it: queues the jobs as part of the caller's
   * transaction, so they commit or vanish with the rows that call for them. Call the function it returns once
   * that transaction has committed (it wakes this process's workers).
   */
  enqueueInTransaction?(tx: Transaction, queue: string, jobs: NewJob[]): Promise<() => void>;
  /**
   * Only the store queue has it: the jobs as a statement to run inside the caller's own (a data-modifying CTE),
   * so they cost no round trip of their own; undefined for no jobs. A job whose idempotency key is taken is
   * not queued. Call `wake` once the transaction has committed.
   */
  enqueueStatement?(queue: string, jobs: NewJob[]): { statement: SQL; wake: () => void } | undefined;
  /**
   * Removes a job that is waiting or delayed (also one waiting to be retried). A running, completed or dead job
   * is left alone: false. Used so that an acknowledgement cancels the reminders still pending.
   */
  cancel(queue: string, job: JobRef): Promise<boolean>;
  /** Runs `handler` for the queue's jobs in this process, once started. One handler per queue. */
  work(queue: string, handler: JobHandler, options?: WorkOptions): void;
  /**
   * Creates or updates a schedule (stored: it outlives this process). Each tick starts one job, however many
   * processes registered it; ticks missed while no process ran are not made up, except the latest one.
   */
  repeat(queue: string, schedule: Schedule): Promise<void>;
  /** Removes a schedule; false if there was none. Jobs it already started stay. */
  unrepeat(queue: string, name: string): Promise<boolean>;
  /** Jobs that failed every attempt, by queue name, then most recently failed first. */
  listDead(options: { queue?: string; limit: number; cursor?: string | null }): Promise<DeadPage>;
  /**
   * Queues a dead job again with a fresh set of attempts, as caused by `cause` (the request retrying it) from
   * then on; false if it is not dead (any more).
   */
  retryDead(queue: string, id: string, cause?: Cause): Promise<boolean>;
  /** Deletes a dead job; false if it is not dead (any more). */
  discardDead(queue: string, id: string): Promise<boolean>;
  /** Jobs per queue and state, for every queue this backend knows. */
  counts(): Promise<Record<string, Record<JobState, number>>>;
  /** Starts the workers registered so far (and those registered after) and the schedules. */
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits for the running ones to finish, up to the queue's close timeout; a job still
   * running then is run again elsewhere once its lease expires. Safe to call twice.
   */
  close(): Promise<void>;
}
