import type { NewJob } from '../ports/job-queue.ts';

/** Tuning shared by both job queue implementations (tests shorten every duration). */
export interface JobQueueSettings {
  /**
   * How long a claim on a running job lasts; the worker renews it while the handler runs. A job whose worker
   * died (kill -9, lost host) runs again once its lease has expired.
   */
  leaseMs: number;
  /** Store queue: how often it looks for jobs enqueued by other processes (its own wake it at once). */
  pollMs: number;
  /** Delay before the first retry; doubled for each further failure, up to `backoffCapMs`, with jitter. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Attempts of a job that does not say (the first run counts). */
  defaultMaxAttempts: number;
  /** How long a completed job is kept, holding its idempotency key (at least: removal is lazy). */
  completedRetentionMs: number;
  /** How long `close` waits for running jobs. */
  closeTimeoutMs: number;
}

export const defaultJobQueueSettings: JobQueueSettings = {
  leaseMs: 30_000,
  pollMs: 500,
  backoffBaseMs: 1_000,
  backoffCapMs: 5 * 60_000,
  defaultMaxAttempts: 5,
  completedRetentionMs: 24 * 3_600_000,
  closeTimeoutMs: 10_000,
};

/**
 * Delay before the next attempt after `failures` failed ones: exponential, capped, with "equal jitter" (half
 * fixed, half random) so that jobs that failed together do not retry together, yet never at once.
 */
export function backoffDelayMs(failures: number, settings: Pick<JobQueueSettings, 'backoffBaseMs' | 'backoffCapMs'>, random: () => number = Math.random): number {
  const exponential = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Queue and schedule names end up in Redis keys and job ids: a short, plain alphabet keeps both safe. */
export function checkName(kind: 'queue' | 'schedule', name: string): void {
  if (!NAME.test(name)) throw new Error(`Invalid ${kind} name ${JSON.stringify(name)}: use a letter or digit, then letters, digits, _ . or - (at most 100).`);
}

/** Milliseconds from now until the job is due (0: now), from `runAt` or `delayMs`. */
export function dueInMs(job: NewJob, now: number): number {
  if (job.runAt && job.delayMs !== undefined) throw new Error('Give a job runAt or delayMs, not both.');
  const ms = job.runAt ? job.runAt.getTime() - now : (job.delayMs ?? 0);
  if (!Number.isFinite(ms)) throw new Error('A job needs a valid runAt or delayMs.');
  return Math.max(0, ms);
}

export function checkMaxAttempts(value: number | undefined, fallback: number): number {
  const attempts = value ?? fallback;
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`maxAttempts must be a whole number ≥ 1 (got ${String(value)}).`);
  return attempts;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
