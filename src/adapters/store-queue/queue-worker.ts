import type { Logger } from 'pino';
import { decodeCause } from '../../lib/cause.ts';
import { SerialRuns } from '../../lib/serial-runs.ts';
import type { Job, JobHandler } from '../../ports/job-queue.ts';
import type { Store } from '../../ports/store.ts';
import { backoffDelayMs, errorMessage, type JobQueueSettings } from '../job-queue-settings.ts';
import { type Claim, type ClaimedRow, claimJobs, completeJobs, dueState, failJob, type HeldJob } from './jobs.sql.ts';

export interface WorkerContext {
  store: Store;
  settings: JobQueueSettings;
  /** This queue object's id in `locked_by`. */
  workerId: string;
  log: Logger;
}

/**
 * Runs one queue's jobs in this process. Each step is one transaction that records the jobs finished since
 * the last step as completed and claims as many due jobs as that frees slots for (one commit, so one fsync on
 * the embedded store, per step rather than two). A step runs when woken: a job enqueued here or finished, the
 * poll, or the timer set for the next delayed job. The timer only saves latency: the poll alone would do.
 */
export class QueueWorker {
  /** Claimed and not yet recorded as done (running, or finished and waiting for the next step). */
  readonly running = new Map<string, HeldJob>();
  /** Finished successfully; recorded as completed by the next step. */
  private done: HeldJob[] = [];
  private readonly claims = new SerialRuns(
    () => this.claimWhileFree(),
    () => this.started && !(this.closing && this.done.length === 0),
  );
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private started = false;
  private closing = false;
  private idle: Array<() => void> = [];

  constructor(
    readonly queue: string,
    private readonly handler: JobHandler,
    private readonly concurrency: number,
    private readonly context: WorkerContext,
  ) {}

  start(): void {
    this.started = true;
    this.wake();
  }

  /** Claims now (or right after the claim under way). */
  wake(): void {
    this.claims.request();
  }

  /** The poll: a cheap read first, so an idle queue costs no write. */
  async poll(): Promise<void> {
    if (!this.started || this.claims.busy) return;
    if (this.done.length > 0) return this.wake(); // a step that failed left them: try again
    if (this.closing || this.running.size >= this.concurrency) return;
    const { due, nextDueInMs } = await dueState(this.context.store.db, this.queue);
    if (due) this.wake();
    else if (nextDueInMs !== null) this.wakeIn(Math.max(1, nextDueInMs));
  }

  /** A job becomes due in `ms`: make sure a claim happens then. */
  wakeIn(ms: number): void {
    if (!this.started || this.closing) return;
    if (ms <= 0) return this.wake();
    const at = Date.now() + ms;
    if (at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // +1: a timer may fire a fraction of a millisecond early, and the database would find nothing due yet.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.wake();
    }, Math.ceil(ms) + 1);
    this.timer.unref();
  }

  /** Stops claiming; resolves when the running jobs have finished and been recorded, or after `timeoutMs`. */
  async close(timeoutMs: number): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    await this.claims.idle();
    if (this.running.size === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    const finished = new Promise<void>((resolve) => this.idle.push(resolve));
    const timedOut = new Promise<void>((resolve) => {
      timeout = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([finished, timedOut]);
    clearTimeout(timeout);
    if (this.running.size > 0) this.context.log.warn({ queue: this.queue, running: this.running.size }, 'jobs still running at close: they run again elsewhere once their lease expires');
  }

  private async claimWhileFree(): Promise<void> {
    const { store, workerId, settings } = this.context;
    do {
      this.claims.takeRequest();
      let mayFindMore = true;
      for (;;) {
        const completing = this.done;
        const free = this.closing ? 0 : this.concurrency - this.running.size + completing.length;
        const wanted = mayFindMore ? Math.max(0, free) : 0;
        if (completing.length === 0 && wanted === 0) break;
        this.done = [];
        let claim: Claim | undefined;
        try {
          claim = await store.write(async (tx) => {
            if (completing.length > 0) await tx.execute(completeJobs(completing, workerId));
            return wanted > 0 ? claimJobs(tx, this.queue, wanted, workerId, settings.leaseMs) : undefined;
          });
        } catch (error) {
          this.done.unshift(...completing);
          this.context.log.error({ err: error, queue: this.queue }, 'could not record finished jobs or claim new ones; the poll tries again');
          return;
        }
        for (const held of completing) this.finish(held);
        const claimed = claim?.claimed ?? [];
        claimed.sort((a, b) => a.run_at_ms - b.run_at_ms || Number(a.id) - Number(b.id));
        for (const row of claimed) this.run(row);
        if (claim && claimed.length < wanted) {
          mayFindMore = false;
          if (claim.nextDueInMs !== null) this.wakeIn(Math.max(1, claim.nextDueInMs));
        }
      }
    } while (this.claims.pending);
  }

  private run(row: ClaimedRow): void {
    const held: HeldJob = { id: row.id, attempts: row.attempts };
    this.running.set(row.id, held);
    const job: Job = { id: row.id, queue: this.queue, name: row.name, data: row.data, attempt: row.attempts, maxAttempts: row.max_attempts, idempotencyKey: row.idempotency_key, readyAt: new Date(row.run_at_ms) };
    const cause = decodeCause(row.caused_by);
    if (cause) job.cause = cause;
    void Promise.resolve()
      .then(() => this.handler(job))
      .then(
        () => {
          this.done.push(held);
          this.wake();
        },
        async (error: unknown) => {
          try {
            await this.recordFailure(job, held, error);
          } catch (failure) {
            this.context.log.error({ err: failure, queue: this.queue, jobId: job.id }, 'could not record a failed job; it runs again once its lease expires');
          }
          this.finish(held);
          this.wake();
        },
      );
  }

  private finish(held: HeldJob): void {
    this.running.delete(held.id);
    if (this.running.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async recordFailure(job: Job, held: HeldJob, error: unknown): Promise<void> {
    const { store, workerId, settings, log } = this.context;
    const last = job.attempt >= job.maxAttempts;
    log[last ? 'error' : 'warn']({ err: error, queue: this.queue, jobId: job.id, job: job.name, attempt: job.attempt, ...(job.cause?.reqId && { reqId: job.cause.reqId }) }, last ? 'job failed its last attempt: dead-lettered' : 'job failed; it will be retried');
    // The retry's timer is armed by the claim that follows (it finds nothing due and looks for the next job).
    await store.writeStatement(failJob(held, workerId, errorMessage(error).slice(0, 2000), backoffDelayMs(job.attempt, settings)));
  }
}
