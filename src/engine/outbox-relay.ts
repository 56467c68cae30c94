import { asc, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../app/deps.ts';
import { outbox, UNRELAYED_PREDICATE } from '../modules/outbox/outbox.tables.ts';
import type { JobQueue } from '../ports/job-queue.ts';

export const DOMAIN_EVENTS_QUEUE = 'domain-events';
/** The job that carries one organisation's domain events, in id order. */
const DOMAIN_EVENTS_JOB = 'events';
const BATCH = 200;
const UNRELAYED = sql.raw(UNRELAYED_PREDICATE);

/**
 * Hands committed domain events to the job queue, in id order: one job per organisation and pass, carrying the
 * outbox ids (a storm of incidents costs a job per few hundred events, not one each). A row is marked relayed
 * only after its job is queued; a crash in between queues it again, and the reactions it feeds are idempotent,
 * so any number of processes can relay at once.
 */
export async function relayOutbox(deps: Deps, queue: JobQueue): Promise<number> {
  let relayed = 0;
  for (;;) {
    const rows = await deps.store.db
      .select({ id: outbox.id, orgId: outbox.orgId })
      .from(outbox)
      // Literal, as in the partial index's predicate: with parameters the planner could not use the index.
      .where(UNRELAYED)
      .orderBy(asc(outbox.id))
      .limit(BATCH);
    if (rows.length === 0) return relayed;
    const byOrg = new Map<string, number[]>();
    for (const row of rows) byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row.id]);
    await Promise.all(
      [...byOrg].map(([orgId, ids]) =>
        queue.enqueue(DOMAIN_EVENTS_QUEUE, { name: DOMAIN_EVENTS_JOB, data: { org_id: orgId, outbox_ids: ids }, idempotencyKey: `outbox:${ids[0]}-${ids.at(-1)}` }),
      ),
    );
    const now = deps.clock.now();
    await deps.store.write((tx) =>
      tx
        .update(outbox)
        .set({ relayedAt: now })
        .where(
          inArray(
            outbox.id,
            rows.map((row) => row.id),
          ),
        ),
    );
    relayed += rows.length;
    if (rows.length < BATCH) return relayed;
  }
}
