import type { Logger } from 'pino';
import { causeHere, causeLogFields, runCaused } from '../lib/cause.ts';
import { SpanKind } from '../lib/tracing.ts';
import type { JobHandler } from '../ports/job-queue.ts';

/**
 * Wraps a queue's handler so each run is done as caused by the request its job descends from: when tracing,
 * the run is a span (`process <queue>`) in that request's trace, and the handler sees that span as its job's
 * trace context, so jobs it queues with `job.cause` nest under it. Handlers name the request in their log lines
 * and hand `job.cause` on to what they queue themselves (see lib/cause.ts for why nothing does it implicitly).
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
        const cause = causeHere(job.cause);
        await handler(cause === job.cause ? job : { ...job, ...(cause && { cause }) });
        log.debug({ queue, jobId: job.id, job: job.name, attempt: job.attempt, ms: Math.round(performance.now() - started), ...causeLogFields(job.cause) }, 'job completed');
      },
    );
}
