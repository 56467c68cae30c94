import type { JobHandler } from '../../ports/job-queue.ts';
import type { Metrics } from './metrics.ts';

/** Wraps a queue's handler so its runs show in the job metrics: wait for a worker, duration, outcome. */
export function measureJobs(metrics: Metrics, queue: string, handler: JobHandler): JobHandler {
  return async (job) => {
    const started = Date.now();
    if (job.readyAt) metrics.jobWait.observe({ queue }, Math.max(0, started - job.readyAt.getTime()) / 1000);
    try {
      await handler(job);
      metrics.jobsRun.inc({ queue, outcome: 'completed' });
    } catch (error) {
      metrics.jobsRun.inc({ queue, outcome: job.attempt >= job.maxAttempts ? 'dead' : 'retried' });
      throw error;
    } finally {
      metrics.jobDuration.observe({ queue }, (Date.now() - started) / 1000);
    }
  };
}
