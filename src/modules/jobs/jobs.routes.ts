import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { requestCause } from '../../lib/cause.ts';
import type { DeadJob, JobQueue } from '../../ports/job-queue.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { authorize } from '../orgs/actor.ts';
import { actorOf } from '../orgs/authenticate.ts';

const tags = ['Background jobs'];
/** Dead jobs examined per request at most, while looking for the organisation's own. */
const SCAN_LIMIT = 10_000;
const SCAN_PAGE = 200;

const deadJobView = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  data: z.unknown(),
  attempts: z.number().int(),
  error: z.string(),
  failed_at: z.iso.datetime(),
});

const queueName = z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'must be a queue name');
const deadJobParams = z.strictObject({ queue: queueName, id: z.string().min(1).max(100) });

/** Jobs carry the organisation they work for; an organisation sees and touches only its own. */
function belongsTo(job: DeadJob, actor: Actor): boolean {
  const data = job.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) && data['org_id'] === actor.orgId;
}

async function* deadJobsOf(queue: JobQueue, actor: Actor, options: { queue?: string; cursor?: string | null }) {
  let cursor = options.cursor ?? null;
  let scanned = 0;
  do {
    const page = await queue.listDead({ ...(options.queue && { queue: options.queue }), limit: SCAN_PAGE, cursor });
    for (const job of page.jobs) if (belongsTo(job, actor)) yield { job, cursor: page.cursor };
    scanned += page.jobs.length;
    cursor = page.cursor;
  } while (cursor && scanned < SCAN_LIMIT);
}

async function findDead(queue: JobQueue, actor: Actor, queueName: string, id: string): Promise<DeadJob> {
  for await (const { job } of deadJobsOf(queue, actor, { queue: queueName })) if (job.id === id) return job;
  throw notFound('Dead job');
}

const present = (job: DeadJob) => ({ id: job.id, queue: job.queue, name: job.name, data: job.data, attempts: job.attempts, error: job.error, failed_at: job.failedAt.toISOString() });

/** The dead-letter list: jobs that failed every attempt (a notification that could never be delivered, …). */
export function jobRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/jobs/dead',
      {
        schema: {
          tags,
          summary: 'List jobs that failed every attempt, most recent first',
          querystring: z.strictObject({ queue: queueName.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
          response: { 200: z.object({ jobs: z.array(deadJobView) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        const jobs: DeadJob[] = [];
        for await (const { job } of deadJobsOf(deps.queue, actor, { ...(request.query.queue && { queue: request.query.queue }) })) {
          jobs.push(job);
          if (jobs.length >= request.query.limit) break;
        }
        return { jobs: jobs.map(present) };
      },
    );

    api.post(
      '/jobs/dead/:queue/:id/retry',
      { schema: { tags, summary: 'Run a dead job again, with a fresh set of attempts', params: deadJobParams, response: { 202: z.object({ retried: z.literal(true) }) } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        const job = await findDead(deps.queue, actor, request.params.queue, request.params.id);
        if (!(await deps.queue.retryDead(job.queue, job.id, requestCause(request.id)))) throw new AppError('conflict', 'The job is no longer dead.');
        await auditJob(deps, actor, 'job.retry', job);
        return reply.status(202).send({ retried: true });
      },
    );

    api.delete(
      '/jobs/dead/:queue/:id',
      { schema: { tags, summary: 'Discard a dead job', params: deadJobParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        const job = await findDead(deps.queue, actor, request.params.queue, request.params.id);
        if (!(await deps.queue.discardDead(job.queue, job.id))) throw new AppError('conflict', 'The job is no longer dead.');
        await auditJob(deps, actor, 'job.discard', job);
        return reply.status(204).send(null);
      },
    );
  };
}

async function auditJob(deps: Deps, actor: Actor, action: string, job: DeadJob) {
  await deps.store.write((tx) => recordAudit(tx, actor, action, { type: 'job', id: null }, deps.clock.now(), { queue: job.queue, job_id: job.id, name: job.name }));
}
