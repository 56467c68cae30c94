import type { Logger } from 'pino';
import { runCaused } from '../lib/cause.ts';
import { SpanKind } from '../lib/tracing.ts';
import type { JobHandler } from '../ports/job-queue.ts';

/**
 * Wraps a queue's handler so each run is done as caused by the request its job descends from: its log lines
 * carry that request's id (`reqId`, added by the logger), jobs it queues inherit the cause, and, when tracing,
 * the run is a span (`process <queue>`) in that request's trace.
 */
export function runAsCaused(queue: string, handler: JobHandler, log: Logger): JobHandler {
  return (job) =>
    runCaused(
      job.cause,
      {
        name: `process ${queue}`,
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'vigil', 'messaging.operation.type': 'process', 'messaging.destination.name': queue, 'messaging.message.id': job.id, 'vigil.job.name': job.name, 'vigil.job.attempt': job.attempt },
      },
      async () => {
        const started = performance.now();
        await handler(job);
        log.debug({ queue, jobId: job.id, job: job.name, attempt: job.attempt, ms: Math.round(performance.now() - started) }, 'job completed');
      },
    );
}
