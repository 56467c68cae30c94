import { asc, inArray } from 'drizzle-orm';
import type { Deps } from '../app/deps.ts';
import { decodeCause } from '../lib/cause.ts';
import { outboxRelay } from '../modules/outbox/outbox.tables.ts';
import type { JobQueue } from '../ports/job-queue.ts';

export const DOMAIN_EVENTS_QUEUE = 'domain-events';
/** The job that carries one organisation's domain events, in id order. */
const DOMAIN_EVENTS_JOB = 'events';
const BATCH = 200;

/**
 * Hands committed domain events to the job queue, in id order: one job per organisation and pass, carrying the
 * outbox ids (a storm of incidents costs a job per few hundred events, not one each). An event leaves
 * `outbox_relay` only after its job is queued; a crash in between queues it again, and the reactions it feeds
 * are idempotent, so any number of processes can relay at once.
 */
export async function relayOutbox(deps: Deps, queue: JobQueue): Promise<number> {
  let relayed = 0;
  for (;;) {
    const rows = await deps.store.db
      .select({ id: outboxRelay.outboxId, orgId: outboxRelay.orgId, causedBy: outboxRelay.causedBy })
      .from(outboxRelay)
      .orderBy(asc(outboxRelay.outboxId))
      .limit(BATCH);
    if (rows.length === 0) return relayed;
    // A job carries the cause of its first event (its handler reacts to later events as caused by theirs).
    const byOrg = new Map<string, { ids: number[]; causedBy: string | null }>();
    for (const row of rows) {
      const batch = byOrg.get(row.orgId);
      if (batch) batch.ids.push(row.id);
      else byOrg.set(row.orgId, { ids: [row.id], causedBy: row.causedBy });
    }
    await Promise.all(
      [...byOrg].map(([orgId, { ids, causedBy }]) => {
        const cause = decodeCause(causedBy);
        return queue.enqueue(DOMAIN_EVENTS_QUEUE, { name: DOMAIN_EVENTS_JOB, data: { org_id: orgId, outbox_ids: ids }, idempotencyKey: `outbox:${ids[0]}-${ids.at(-1)}`, ...(cause && { cause }) });
      }),
    );
    await deps.store.write((tx) =>
      tx.delete(outboxRelay).where(
        inArray(
          outboxRelay.outboxId,
          rows.map((row) => row.id),
        ),
      ),
    );
    relayed += rows.length;
    if (rows.length < BATCH) return relayed;
  }
}
