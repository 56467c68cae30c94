import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { type Cause, encodeCause } from '../../lib/cause.ts';
import { GroupCommit } from '../../lib/group-commit.ts';
import type { DeadPage, Enqueued, JobHandler, JobQueue, JobRef, JobState, NewJob, Schedule, WorkOptions } from '../../ports/job-queue.ts';
import type { SQL } from 'drizzle-orm';
import type { Store, Transaction } from '../../ports/store.ts';
import { checkSchedule, nextTick } from '../cron-schedule.ts';
import { checkMaxAttempts, checkName, defaultJobQueueSettings, type JobQueueSettings } from '../job-queue-settings.ts';
import {
  cancelJob,
  countJobs,
  type DeadCursor,
  deleteExpiredCompleted,
  discardDeadJob,
  existingIds,
  insertJobs,
  insertJobsStatement,
  type JobInput,
  listDeadJobs,
  reapExpiredLeases,
  renewLeases,
  retryDeadJob,
} from './jobs.sql.ts';
import { QueueWorker } from './queue-worker.ts';
import { deleteSchedule, dueSchedules, fireTick, nextScheduleInMs, upsertSchedule } from './schedules.sql.ts';

export interface StoreJobQueueOptions {
  store: Store;
  log: Logger;
  settings?: Partial<JobQueueSettings>;
}

const MAX_ENQUEUE_BATCH = 500;
const REAP_BATCH = 500;
const SWEEP_BATCH = 2_000;
/** Up to 40,000 completed jobs removed per minute and process: more than Vigil's jobs/s will ever need. */
const SWEEP_ROUNDS = 20;
const SWEEP_EVERY_MS = 60_000;
const STATES: JobState[] = ['waiting', 'delayed', 'active', 'completed', 'dead'];
const JOB_ID = /^[0-9]{1,18}$/;

/**
 * The job queue on the Store port (PGlite or PostgreSQL): jobs are rows, claimed with FOR UPDATE SKIP LOCKED
 * under a lease that the worker renews while the handler runs. Enqueues are group-committed; a worker records
 * finished jobs in the transaction that claims the next ones.
 * Each statement is short and no transaction is held while a handler runs (PGlite has one connection).
 */
export class StoreJobQueue implements JobQueue {
  private readonly settings: JobQueueSettings;
  private readonly workerId = randomUUID();
  private readonly workers = new Map<string, QueueWorker>();
  private readonly enqueues: GroupCommit<JobInput, Enqueued>;
  private readonly timers: NodeJS.Timeout[] = [];
  private scheduleTimer: NodeJS.Timeout | undefined;
  private schedulesRunning: Promise<void> | undefined;
  private maintaining: Promise<void> | undefined;
  private lastSweep = 0;
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: StoreJobQueueOptions) {
    this.settings = { ...defaultJobQueueSettings, ...options.settings };
    const lanes = options.store.kind === 'pglite' ? 1 : 4;
    this.enqueues = new GroupCommit((batch) => this.insertBatch(batch), MAX_ENQUEUE_BATCH, lanes);
  }

  async enqueue(queue: string, job: NewJob): Promise<Enqueued> {
    return this.enqueues.submit(this.input(queue, job));
  }

  async enqueueInTransaction(tx: Transaction, queue: string, jobs: NewJob[]): Promise<() => void> {
    const batch = jobs.map((job) => this.input(queue, job));
    if (batch.length === 0) return () => undefined;
    const results = await this.insertInTx(tx, batch);
    return () => void this.wakeFor(batch, results);
  }

  enqueueStatement(queue: string, jobs: NewJob[]): { statement: SQL; wake: () => void } | undefined {
    const batch = jobs.map((job) => this.input(queue, job));
    if (batch.length === 0) return undefined;
    return {
      statement: insertJobsStatement(batch),
      wake: () => {
        for (const job of batch) this.workers.get(job.queue)?.wakeIn(job.run_at ? Date.parse(job.run_at) - Date.now() : job.delay_ms);
      },
    };
  }

  private input(queue: string, job: NewJob): JobInput {
    if (this.closing) throw new Error('The job queue is closed.');
    checkName('queue', queue);
    if (job.runAt && job.delayMs !== undefined) throw new Error('Give a job runAt or delayMs, not both.');
    if (job.runAt && Number.isNaN(job.runAt.getTime())) throw new Error('A job needs a valid runAt.');
    return {
      queue,
      name: job.name,
      data: job.data,
      run_at: job.runAt ? job.runAt.toISOString() : null,
      delay_ms: Math.max(0, job.delayMs ?? 0),
      max_attempts: checkMaxAttempts(job.maxAttempts, this.settings.defaultMaxAttempts),
      idempotency_key: job.idempotencyKey ?? null,
      caused_by: encodeCause(job.cause),
    };
  }

  async cancel(queue: string, job: JobRef): Promise<boolean> {
    if ('id' in job && !JOB_ID.test(job.id)) return false;
    return this.options.store.write((tx) => cancelJob(tx, queue, job));
  }

  work(queue: string, handler: JobHandler, options: WorkOptions = {}): void {
    checkName('queue', queue);
    if (this.workers.has(queue)) throw new Error(`Queue ${queue} already has a handler in this process.`);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number ≥ 1 (got ${concurrency}).`);
    const worker = new QueueWorker(queue, handler, concurrency, {
      store: this.options.store,
      settings: this.settings,
      workerId: this.workerId,
      log: this.options.log,
    });
    this.workers.set(queue, worker);
    if (this.started && !this.closing) worker.start();
  }

  async repeat(queue: string, schedule: Schedule): Promise<void> {
    checkName('queue', queue);
    const timeZone = checkSchedule(schedule);
    const next = nextTick(schedule.cron, timeZone, new Date());
    await this.options.store.writeStatement(upsertSchedule(queue, schedule, timeZone, checkMaxAttempts(schedule.maxAttempts, this.settings.defaultMaxAttempts), next));
    this.kickSchedules();
  }

  unrepeat(queue: string, name: string): Promise<boolean> {
    return this.options.store.write((tx) => deleteSchedule(tx, queue, name));
  }

  async listDead(options: { queue?: string; limit: number; cursor?: string | null }): Promise<DeadPage> {
    const limit = Math.min(Math.max(1, Math.trunc(options.limit)), 1000);
    const after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const found = await listDeadJobs(this.options.store.db, options.queue, limit + 1, after);
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return { jobs: page.map(({ cursor: _cursor, ...job }) => job), cursor: found.length > limit && last ? encodeCursor(last.cursor) : null };
  }

  async retryDead(queue: string, id: string, cause?: Cause): Promise<boolean> {
    if (!JOB_ID.test(id)) return false;
    const retried = await this.options.store.write((tx) => retryDeadJob(tx, queue, id, encodeCause(cause)));
    if (retried) this.workers.get(queue)?.wake();
    return retried;
  }

  async discardDead(queue: string, id: string): Promise<boolean> {
    if (!JOB_ID.test(id)) return false;
    return this.options.store.write((tx) => discardDeadJob(tx, queue, id));
  }

  async counts(): Promise<Record<string, Record<JobState, number>>> {
    const result: Record<string, Record<JobState, number>> = {};
    for (const row of await countJobs(this.options.store.db)) {
      result[row.queue] ??= Object.fromEntries(STATES.map((state) => [state, 0])) as Record<JobState, number>;
      result[row.queue]![row.state] += row.count;
    }
    return result;
  }

  async start(): Promise<void> {
    if (this.started || this.closing) return;
    this.started = true;
    for (const worker of this.workers.values()) worker.start();
    const { pollMs, leaseMs } = this.settings;
    this.timers.push(
      setInterval(() => {
        for (const worker of this.workers.values()) void worker.poll().catch((error: unknown) => this.options.log.warn({ err: error, queue: worker.queue }, 'job queue poll failed'));
        this.kickSchedules();
      }, pollMs),
      // Renew leases well before they expire; take back those other workers let expire.
      setInterval(() => this.maintain(), Math.max(10, Math.floor(leaseMs / 3))),
    );
    for (const timer of this.timers) timer.unref();
    this.kickSchedules();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const [poll, ...others] = this.timers;
      if (poll) clearInterval(poll);
      if (this.scheduleTimer) clearTimeout(this.scheduleTimer);
      // Leases are still renewed while the running jobs finish.
      await Promise.all([...this.workers.values()].map((worker) => worker.close(this.settings.closeTimeoutMs)));
      for (const timer of others) clearInterval(timer);
      await Promise.all([this.schedulesRunning, this.maintaining, this.enqueues.drain()]);
    })();
    return this.closing;
  }

  /** One INSERT for the batch; should it fail, each job on its own, so one bad job cannot fail the others. */
  private async insertBatch(batch: JobInput[]): Promise<Enqueued[]> {
    try {
      return this.wakeFor(batch, await this.options.store.write((tx) => this.insertInTx(tx, batch)));
    } catch (error) {
      if (batch.length === 1) throw error;
    }
    const results: Enqueued[] = [];
    for (const job of batch) results.push(...this.wakeFor([job], await this.options.store.write((tx) => this.insertInTx(tx, [job]))));
    return results;
  }

  /** After the commit (a worker woken earlier could look before the jobs are visible). */
  private wakeFor(batch: JobInput[], results: Array<Enqueued & { dueInMs?: number }>): Enqueued[] {
    return results.map(({ dueInMs, ...result }, index) => {
      if (dueInMs !== undefined) this.workers.get(batch[index]!.queue)?.wakeIn(dueInMs);
      return result;
    });
  }

  private async insertInTx(tx: Transaction, batch: JobInput[]): Promise<Array<Enqueued & { dueInMs?: number }>> {
    const results = new Array<(Enqueued & { dueInMs?: number }) | undefined>(batch.length);
    // The same key twice in one batch: the later ones get the first one's answer.
    const firstWithKey = new Map<string, number>();
    const sameAs = new Map<number, number>();
    let todo: number[] = [];
    batch.forEach((job, index) => {
      const key = job.idempotency_key === null ? undefined : `${job.queue}\u0000${job.idempotency_key}`;
      const first = key === undefined ? undefined : firstWithKey.get(key);
      if (first !== undefined) sameAs.set(index, first);
      else {
        if (key !== undefined) firstWithKey.set(key, index);
        todo.push(index);
      }
    });
    // A key taken by a job that disappears (cancelled, swept) between the insert and the look-up: try again.
    for (let round = 0; todo.length > 0 && round < 3; round += 1) {
      const inserted = await insertJobs(tx, todo.map((index) => batch[index]!));
      const taken: number[] = [];
      for (const row of inserted) {
        const index = todo[row.i]!;
        if (row.created) results[index] = { id: row.id, created: true, dueInMs: row.due_in_ms };
        else taken.push(index);
      }
      if (taken.length === 0) break;
      const existing = await existingIds(tx, taken.map((index) => ({ queue: batch[index]!.queue, key: batch[index]!.idempotency_key ?? '' })));
      const byKey = new Map(existing.map((row) => [`${row.queue}\u0000${row.key}`, row.id]));
      todo = [];
      for (const index of taken) {
        const id = byKey.get(`${batch[index]!.queue}\u0000${batch[index]!.idempotency_key}`);
        if (id === undefined) todo.push(index);
        else results[index] = { id, created: false };
      }
    }
    for (const [index, first] of sameAs) {
      const firstResult = results[first];
      if (firstResult) results[index] = { id: firstResult.id, created: false };
    }
    return results.map((result) => {
      if (!result) throw new Error('Could not enqueue the job: its idempotency key kept changing hands.');
      return result;
    });
  }

  /** Renews this process's leases, takes back expired ones, and now and then removes old completed jobs. */
  private maintain(): void {
    if (this.maintaining) return;
    this.maintaining = (async () => {
      const { store, log } = this.options;
      const held = [...this.workers.values()].flatMap((worker) => [...worker.running.values()]);
      if (held.length > 0) await store.writeStatement(renewLeases(held, this.workerId, this.settings.leaseMs)).catch((error: unknown) => log.error({ err: error }, 'could not renew job leases'));
      if (this.closing) return;
      const reaped = await store.write((tx) => reapExpiredLeases(tx, REAP_BATCH)).catch((error: unknown) => {
        log.warn({ err: error }, 'could not take back expired job leases');
        return [];
      });
      if (reaped.length > 0) log.warn({ jobs: reaped.length }, 'took back jobs whose worker died or stalled');
      for (const queue of new Set(reaped.map((row) => row.queue))) this.workers.get(queue)?.wake();
      if (Date.now() - this.lastSweep >= Math.min(SWEEP_EVERY_MS, this.settings.completedRetentionMs)) {
        this.lastSweep = Date.now();
        // In batches, each its own short transaction (PGlite serves everything else between them).
        for (let round = 0; round < SWEEP_ROUNDS && !this.closing; round += 1) {
          const deleted = await store.write((tx) => deleteExpiredCompleted(tx, this.settings.completedRetentionMs, SWEEP_BATCH)).catch((error: unknown) => {
            log.warn({ err: error }, 'could not remove old completed jobs');
            return 0;
          });
          if (deleted < SWEEP_BATCH) break;
        }
      }
    })().finally(() => {
      this.maintaining = undefined;
    });
  }

  /** Enqueues every due tick this process wins, then sets a timer for the next tick. */
  private kickSchedules(): void {
    if (!this.started || this.closing || this.schedulesRunning) return;
    this.schedulesRunning = this.runSchedules()
      .catch((error: unknown) => this.options.log.error({ err: error }, 'could not run job schedules; the poll tries again'))
      .finally(() => {
        this.schedulesRunning = undefined;
      });
  }

  private async runSchedules(): Promise<void> {
    const { store } = this.options;
    for (const schedule of await dueSchedules(store.db, 100)) {
      const next = nextTick(schedule.cron, schedule.time_zone, new Date(Math.max(schedule.next_ms, schedule.now_ms)));
      if (await store.write((tx) => fireTick(tx, schedule, next))) this.workers.get(schedule.queue)?.wake();
    }
    const ms = await nextScheduleInMs(store.db);
    if (ms === null || this.closing) return;
    if (this.scheduleTimer) clearTimeout(this.scheduleTimer);
    this.scheduleTimer = setTimeout(() => this.kickSchedules(), Math.max(0, Math.ceil(ms)) + 1);
    this.scheduleTimer.unref();
  }
}

function encodeCursor(cursor: DeadCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): DeadCursor {
  const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === 'string') || !JOB_ID.test(value[2] as string)) throw new Error('Invalid dead-letter cursor.');
  return value as DeadCursor;
}
