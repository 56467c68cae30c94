import { asc, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../app/deps.ts';
import { decodeCause } from '../lib/cause.ts';
import { outbox, outboxRelay } from '../modules/outbox/outbox.tables.ts';
import type { JobQueue, NewJob } from '../ports/job-queue.ts';
import type { Executor } from '../ports/store.ts';
import { type EventWanted, wantedRows } from '../modules/outbox/relay-interest.ts';

export const DOMAIN_EVENTS_QUEUE = 'domain-events';
/** The job that carries one organisation's domain events, in id order. */
const DOMAIN_EVENTS_JOB = 'events';
const BATCH = 200;

/**
 * Hands committed domain events to the job queue, in id order: one job per organisation and pass, carrying the
 * outbox ids (a storm of incidents costs a job per few hundred events, not one each). Events no reaction
 * wants (no Slack workspace, no webhook subscription taking them) are let go without a job (the fold lets
 * go of its own in its transaction already: `releaseUnwanted`). An event leaves
 * `outbox_relay` only when its job is queued: in the same transaction when the queue is kept in the store,
 * else after the job is queued, where a crash in between queues it again. The reactions it feeds are
 * idempotent, so any number of processes can relay at once.
 */
export async function relayOutbox(deps: Deps, queue: JobQueue, wanted: EventWanted): Promise<number> {
  let relayed = 0;
  for (;;) {
    const inTransaction = queue.enqueueInTransaction?.bind(queue);
    const count = inTransaction ? await relayInTransaction(deps, inTransaction, wanted) : await relayThenForget(deps, queue, wanted);
    relayed += count;
    if (count < BATCH) return relayed;
  }
}

type RelayRow = { id: number; orgId: string; type: string; causedBy: string | null };

function pendingEvents(executor: Executor, lock: boolean) {
  const query = executor
    // The type by primary key, row by row: a join leaves the planner free to scan the whole outbox.
    .select({ id: outboxRelay.outboxId, orgId: outboxRelay.orgId, type: sql<string>`(select ${outbox.type} from ${outbox} where ${outbox.id} = ${outboxRelay.outboxId})`, causedBy: outboxRelay.causedBy })
    .from(outboxRelay)
    .orderBy(asc(outboxRelay.outboxId))
    .limit(BATCH);
  return lock ? query.for('update', { skipLocked: true }) : query;
}

/** One job per organisation, carrying the cause of its first event (its handler passes on each event's own). */
function jobsOf(rows: RelayRow[]): NewJob[] {
  const byOrg = new Map<string, { ids: number[]; causedBy: string | null }>();
  for (const row of rows) {
    const batch = byOrg.get(row.orgId);
    if (batch) batch.ids.push(row.id);
    else byOrg.set(row.orgId, { ids: [row.id], causedBy: row.causedBy });
  }
  return [...byOrg].map(([orgId, { ids, causedBy }]) => {
    const cause = decodeCause(causedBy);
    return { name: DOMAIN_EVENTS_JOB, data: { org_id: orgId, outbox_ids: ids }, idempotencyKey: `outbox:${ids[0]}-${ids.at(-1)}`, ...(cause && { cause }) };
  });
}

const forget = (executor: Executor, rows: RelayRow[]) =>
  executor.delete(outboxRelay).where(
    inArray(
      outboxRelay.outboxId,
      rows.map((row) => row.id),
    ),
  );

/** The store queue: the jobs and the rows' removal commit together (one transaction a pass, not two). */
async function relayInTransaction(deps: Deps, enqueueInTransaction: NonNullable<JobQueue['enqueueInTransaction']>, wanted: EventWanted): Promise<number> {
  const { count, wake } = await deps.store.write(async (tx) => {
    const rows = await pendingEvents(tx, true);
    if (rows.length === 0) return { count: 0, wake: () => undefined };
    const jobs = jobsOf(await wantedRows(rows, wanted, tx));
    const wakeWorkers = jobs.length > 0 ? await enqueueInTransaction(tx, DOMAIN_EVENTS_QUEUE, jobs) : () => undefined;
    await forget(tx, rows);
    return { count: rows.length, wake: wakeWorkers };
  });
  wake();
  return count;
}

/** A queue elsewhere (BullMQ): queued first, forgotten after. */
async function relayThenForget(deps: Deps, queue: JobQueue, wanted: EventWanted): Promise<number> {
  const rows = await pendingEvents(deps.store.db, false);
  if (rows.length === 0) return 0;
  await Promise.all(jobsOf(await wantedRows(rows, wanted, deps.store.db)).map((job) => queue.enqueue(DOMAIN_EVENTS_QUEUE, job)));
  await deps.store.write((tx) => forget(tx, rows));
  return rows.length;
}
