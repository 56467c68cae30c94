import { asc, inArray, sql } from 'drizzle-orm';
import type { Deps } from '../app/deps.ts';
import { outbox, UNRELAYED_PREDICATE } from '../modules/outbox/outbox.tables.ts';
import type { JsonValue, JobQueue } from '../ports/job-queue.ts';

export const DOMAIN_EVENTS_QUEUE = 'domain-events';
const BATCH = 200;
const UNRELAYED = sql.raw(UNRELAYED_PREDICATE);

/**
 * Hands committed domain events to the job queue, in id order, as jobs named by their type. A row is marked
 * relayed only after its job is queued; a crash in between queues it again, and its key (`outbox:<id>`) keeps
 * that to one job. Any number of processes can relay at once for the same reason.
 */
export async function relayOutbox(deps: Deps, queue: JobQueue): Promise<number> {
  let relayed = 0;
  for (;;) {
    const rows = await deps.store.db
      .select()
      .from(outbox)
      // Literal, as in the partial index's predicate: with parameters the planner could not use the index.
      .where(UNRELAYED)
      .orderBy(asc(outbox.id))
      .limit(BATCH);
    if (rows.length === 0) return relayed;
    await Promise.all(
      rows.map((row) =>
        queue.enqueue(DOMAIN_EVENTS_QUEUE, {
          name: row.type,
          data: { org_id: row.orgId, outbox_id: row.id, subject_id: row.subjectId, data: row.data as JsonValue, created_at: row.createdAt.toISOString() },
          idempotencyKey: `outbox:${row.id}`,
        }),
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
