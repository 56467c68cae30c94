import { type Job as BullJob, type JobsOptions, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type Cause, decodeCause, encodeCause } from '../../lib/cause.ts';
import type { DeadJob, DeadPage, Enqueued, Job, JobHandler, JobQueue, JobRef, JobState, JsonValue, NewJob, Schedule, WorkOptions } from '../../ports/job-queue.ts';
import { checkSchedule, tickKey } from '../cron-schedule.ts';
import { backoffDelayMs, checkMaxAttempts, checkName, defaultJobQueueSettings, dueInMs, type JobQueueSettings } from '../job-queue-settings.ts';

export interface BullmqJobQueueOptions {
  url: string;
  /** Every key starts with it: several Vigil installations (or test runs) can share one Redis. */
  prefix: string;
  log: Logger;
  settings?: Partial<JobQueueSettings>;
}

const BACKOFF = 'vigil';
/** Job ids for keyed jobs: BullMQ refuses ids with ':' or that look like integers. */
const KEY_ID_PREFIX = 'key-';
const SCHEDULED_ID = /^repeat:([^:]+):(\d+)$/;
const WAITING_TYPES = ['wait', 'prioritized', 'waiting-children'] as const;

/**
 * The job queue on Redis through BullMQ. Idempotency keys become job ids; dead letters are BullMQ's failed
 * jobs (a job lands there only once its attempts are spent); schedules are BullMQ job schedulers. The queues
 * this backend has seen are kept in a set, so `counts` and `listDead` can cover them all.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly settings: JobQueueSettings;
  /** Producers and reads fail fast when Redis is away; workers wait for it (BullMQ requires that). */
  private readonly client: Redis;
  private readonly workerClient: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly known = new Set<string>();
  private started = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullmqJobQueueOptions) {
    this.settings = { ...defaultJobQueueSettings, ...options.settings };
    this.client = new Redis(options.url, { maxRetriesPerRequest: 3, lazyConnect: true });
    this.workerClient = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const client of [this.client, this.workerClient]) client.on('error', (error: Error) => options.log.warn({ err: error }, 'redis connection error'));
  }

  async enqueue(queue: string, job: NewJob): Promise<Enqueued> {
    if (this.closing) throw new Error('The job queue is closed.');
    const target = await this.queue(queue);
    const maxAttempts = checkMaxAttempts(job.maxAttempts, this.settings.defaultMaxAttempts);
    const delay = dueInMs(job, Date.now());
    const opts: JobsOptions = { ...this.jobOptions(maxAttempts), delay };
    const data = withCause(job.data, encodeCause(job.cause));
    if (job.idempotencyKey === undefined) {
      const added = await target.add(job.name, data, opts);
      return { id: added.id ?? '', created: true };
    }
    // BullMQ answers a duplicate id with the existing job and no sign of it. A token in the options (stored
    // with the job, unused without a telemetry provider) tells whether the job stored is this call's.
    const jobId = KEY_ID_PREFIX + encodeURIComponent(job.idempotencyKey);
    const token = `${process.pid}-${Date.now()}-${Math.random()}`;
    await target.add(job.name, data, { ...opts, jobId, telemetry: { metadata: token } });
    const stored = await target.getJob(jobId);
    return { id: jobId, created: stored?.opts.telemetry?.metadata === token };
  }

  async cancel(queue: string, ref: JobRef): Promise<boolean> {
    const id = 'id' in ref ? ref.id : KEY_ID_PREFIX + encodeURIComponent(ref.idempotencyKey);
    const job = await (await this.queue(queue)).getJob(id);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'delayed' && state !== 'waiting' && state !== 'prioritized') return false;
    // A job locked by a worker (it started meanwhile) is not removed: remove() throws then.
    return job.remove().then(
      () => true,
      () => false,
    );
  }

  work(queue: string, handler: JobHandler, options: WorkOptions = {}): void {
    checkName('queue', queue);
    if (this.workers.has(queue)) throw new Error(`Queue ${queue} already has a handler in this process.`);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number ≥ 1 (got ${concurrency}).`);
    const { leaseMs, defaultMaxAttempts } = this.settings;
    const worker = new Worker(queue, (job: BullJob) => handler(this.toJob(queue, job)), {
      connection: this.workerClient,
      prefix: this.options.prefix,
      concurrency,
      autorun: false,
      lockDuration: leaseMs,
      stalledInterval: leaseMs,
      // A worker that dies takes its job's lease with it; like the store queue, allow as many as attempts.
      maxStalledCount: defaultMaxAttempts,
      settings: { backoffStrategy: (attemptsMade: number) => backoffDelayMs(attemptsMade, this.settings) },
    });
    worker.on('error', (error) => this.options.log.error({ err: error, queue }, 'job worker error'));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const last = job.attemptsMade >= (job.opts.attempts ?? 1);
      const reqId = unwrap(job.data).cause?.reqId;
      this.options.log[last ? 'error' : 'warn']({ err: error, queue, jobId: job.id, job: job.name, attempt: job.attemptsMade, ...(reqId && { reqId }) }, last ? 'job failed its last attempt: dead-lettered' : 'job failed; it will be retried');
    });
    this.workers.set(queue, worker);
    void this.remember(queue).catch((error: unknown) => this.options.log.warn({ err: error, queue }, 'could not record the queue name'));
    if (this.started && !this.closing) this.run(queue, worker);
  }

  async repeat(queue: string, schedule: Schedule): Promise<void> {
    const timeZone = checkSchedule(schedule);
    const maxAttempts = checkMaxAttempts(schedule.maxAttempts, this.settings.defaultMaxAttempts);
    await (await this.queue(queue)).upsertJobScheduler(schedule.name, { pattern: schedule.cron, tz: timeZone }, { name: schedule.name, data: schedule.data, opts: this.jobOptions(maxAttempts) });
  }

  async unrepeat(queue: string, name: string): Promise<boolean> {
    return (await this.queue(queue)).removeJobScheduler(name);
  }

  async listDead(options: { queue?: string; limit: number; cursor?: string | null }): Promise<DeadPage> {
    const limit = Math.min(Math.max(1, Math.trunc(options.limit)), 1000);
    const names = options.queue !== undefined ? [options.queue] : (await this.client.smembers(this.queuesKey())).sort();
    const [fromQueue, fromOffset] = options.cursor ? decodeCursor(options.cursor) : [undefined, 0];
    const jobs: DeadJob[] = [];
    for (const [index, name] of names.entries()) {
      if (fromQueue !== undefined && name < fromQueue) continue;
      const offset = name === fromQueue ? fromOffset : 0;
      const wanted = limit - jobs.length;
      // Newest failure first; one more than wanted, to know whether this queue has more.
      const found = await (await this.queue(name)).getJobs(['failed'], offset, offset + wanted);
      for (const job of found.slice(0, wanted)) jobs.push(this.toDead(name, job));
      if (jobs.length < limit) continue;
      if (found.length > wanted) return { jobs, cursor: encodeCursor([name, offset + wanted]) };
      const next = names[index + 1];
      return { jobs, cursor: next === undefined ? null : encodeCursor([next, 0]) };
    }
    return { jobs, cursor: null };
  }

  async retryDead(queue: string, id: string, cause?: Cause): Promise<boolean> {
    const job = await (await this.queue(queue)).getJob(id);
    if (!job || !(await job.isFailed())) return false;
    if (cause) await job.updateData(withCause(unwrap(job.data).data, encodeCause(cause)));
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async discardDead(queue: string, id: string): Promise<boolean> {
    const job = await (await this.queue(queue)).getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.remove();
    return true;
  }

  async counts(): Promise<Record<string, Record<JobState, number>>> {
    const result: Record<string, Record<JobState, number>> = {};
    for (const name of (await this.client.smembers(this.queuesKey())).sort()) {
      const counts = await (await this.queue(name)).getJobCounts(...WAITING_TYPES, 'delayed', 'active', 'completed', 'failed');
      result[name] = {
        waiting: WAITING_TYPES.reduce((sum, type) => sum + (counts[type] ?? 0), 0),
        delayed: counts['delayed'] ?? 0,
        active: counts['active'] ?? 0,
        completed: counts['completed'] ?? 0,
        dead: counts['failed'] ?? 0,
      };
    }
    return result;
  }

  async start(): Promise<void> {
    if (this.started || this.closing) return;
    this.started = true;
    for (const [queue, worker] of this.workers) this.run(queue, worker);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(
        [...this.workers.entries()].map(async ([queue, worker]) => {
          let timeout: NodeJS.Timeout | undefined;
          const timedOut = new Promise<'timeout'>((resolve) => {
            timeout = setTimeout(() => resolve('timeout'), this.settings.closeTimeoutMs);
          });
          const outcome = await Promise.race([worker.close(), timedOut]);
          clearTimeout(timeout);
          if (outcome === 'timeout') {
            this.options.log.warn({ queue }, 'jobs still running at close: they run again elsewhere once their lease expires');
            await worker.close(true);
          }
        }),
      );
      await Promise.all([...this.queues.values()].map((queue) => queue.close()));
      await Promise.all([this.client, this.workerClient].map((client) => (client.status === 'wait' ? client.disconnect() : client.quit().catch(() => client.disconnect()))));
    })();
    return this.closing;
  }

  private run(queue: string, worker: Worker): void {
    worker.run().catch((error: unknown) => this.options.log.error({ err: error, queue }, 'job worker stopped'));
  }

  private jobOptions(maxAttempts: number): JobsOptions {
    return {
      attempts: maxAttempts,
      backoff: { type: BACKOFF },
      removeOnComplete: { age: Math.ceil(this.settings.completedRetentionMs / 1000) },
      removeOnFail: false,
    };
  }

  private async queue(name: string): Promise<Queue> {
    checkName('queue', name);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.client, prefix: this.options.prefix });
      queue.on('error', (error) => this.options.log.warn({ err: error, queue: name }, 'job queue error'));
      this.queues.set(name, queue);
    }
    await this.remember(name);
    return queue;
  }

  private queuesKey(): string {
    return `${this.options.prefix}:_vigil:queues`;
  }

  private async remember(name: string): Promise<void> {
    if (this.known.has(name)) return;
    await this.client.sadd(this.queuesKey(), name);
    this.known.add(name);
  }

  private toJob(queue: string, job: BullJob): Job {
    const { data, cause } = unwrap(job.data);
    return {
      id: job.id ?? '',
      queue,
      name: job.name,
      data,
      ...(cause && { cause }),
      attempt: Math.max(1, job.attemptsStarted),
      maxAttempts: job.opts.attempts ?? 1,
      idempotencyKey: idempotencyKeyOf(job.id ?? ''),
      // A retry's due time is not kept by BullMQ; the first run's is its creation plus its delay.
      ...(job.attemptsMade === 0 && { readyAt: new Date(job.timestamp + (job.opts.delay ?? 0)) }),
    };
  }

  private toDead(queue: string, job: BullJob): DeadJob {
    return {
      id: job.id ?? '',
      queue,
      name: job.name,
      data: unwrap(job.data).data,
      idempotencyKey: idempotencyKeyOf(job.id ?? ''),
      attempts: job.attemptsMade,
      error: job.failedReason ?? '',
      failedAt: new Date(job.finishedOn ?? job.timestamp),
    };
  }
}

/**
 * A job's cause rides in its data, under a key no handler's data has: BullMQ keeps nothing else per job that a
 * retry can change. Jobs without a cause (schedules' ticks, say) store their data as it is.
 */
const CAUSED_BY = 'vigil:caused_by';

function withCause(data: JsonValue, causedBy: string | null): JsonValue {
  return causedBy === null ? data : { [CAUSED_BY]: causedBy, data };
}

function unwrap(stored: unknown): { data: JsonValue; cause?: Cause } {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored) || !(CAUSED_BY in stored)) return { data: stored as JsonValue };
  const { [CAUSED_BY]: causedBy, data } = stored as { [CAUSED_BY]: unknown; data?: JsonValue };
  const cause = decodeCause(typeof causedBy === 'string' ? causedBy : null);
  return { data: data ?? null, ...(cause && { cause }) };
}

function idempotencyKeyOf(id: string): string | null {
  if (id.startsWith(KEY_ID_PREFIX)) return decodeURIComponent(id.slice(KEY_ID_PREFIX.length));
  const scheduled = SCHEDULED_ID.exec(id);
  return scheduled ? tickKey(scheduled[1] ?? '', new Date(Number(scheduled[2]))) : null;
}

function encodeCursor(cursor: [queue: string, offset: number]): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): [string, number] {
  const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  if (!Array.isArray(value) || typeof value[0] !== 'string' || !Number.isInteger(value[1])) throw new Error('Invalid dead-letter cursor.');
  return [value[0], value[1] as number];
}
