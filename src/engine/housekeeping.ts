import { lt, type SQL, sql } from 'drizzle-orm';
import type { Deps } from '../app/deps.ts';
import { causeLogFields } from '../lib/cause.ts';
import { mailOutbox } from '../modules/notify/notify.tables.ts';
import { sessions } from '../modules/orgs/orgs.tables.ts';
import { purgeStreamEvents } from '../modules/stream/stream.store.ts';
import type { JobHandler, JobQueue } from '../ports/job-queue.ts';

export const HOUSEKEEPING_QUEUE = 'housekeeping';

/** Mail kept in the mail outbox (embedded mode without SMTP) this long. */
const MAIL_OUTBOX_RETENTION_DAYS = 30;

/** Periodic chores, each a cron schedule on the job queue: one run per tick however many workers run. */
const chores: Record<string, { cron: string; run: (deps: Deps) => Promise<number> }> = {
  'purge-expired-sessions': {
    cron: '*/10 * * * *',
    run: async (deps) => {
      const removed = await deps.store.write((tx) => tx.delete(sessions).where(lt(sessions.expiresAt, deps.clock.now())).returning({ id: sessions.id }));
      return removed.length;
    },
  },
  'purge-old-mail-outbox': {
    cron: '17 3 * * *',
    run: async (deps) => {
      const before = new Date(deps.clock.now().getTime() - MAIL_OUTBOX_RETENTION_DAYS * 86_400_000);
      const removed = await deps.store.write((tx) => tx.delete(mailOutbox).where(lt(mailOutbox.createdAt, before)).returning({ id: mailOutbox.id }));
      return removed.length;
    },
  },
  'purge-old-events': {
    cron: '23 * * * *',
    run: (deps) => purgeInBatches(deps, (cutoff) => sql`
      delete from events where id in (
        select id from events where received_at < ${cutoff}::timestamptz and folded_at is not null order by id limit ${PURGE_BATCH})`),
  },
  'purge-old-outbox': {
    cron: '41 * * * *',
    // Only events already relayed (reactions queued) and numbered for the live stream.
    run: (deps) => purgeInBatches(deps, (cutoff) => sql`
      delete from outbox where id in (
        select o.id from outbox o where o.created_at < ${cutoff}::timestamptz
          and not exists (select 1 from outbox_relay r where r.outbox_id = o.id)
          and not exists (select 1 from stream_pending p where p.outbox_id = o.id)
        order by o.id limit ${PURGE_BATCH})`),
  },
  'purge-old-stream-events': {
    cron: '*/15 * * * *',
    run: (deps) => purgeStreamEvents(deps.store, new Date(deps.clock.now().getTime() - deps.config.VIGIL_STREAM_RETENTION_HOURS * 3_600_000)),
  },
};

/** Rows one statement deletes: old rows sit first in id order, so each batch is an index range, never a long lock. */
const PURGE_BATCH = 5_000;

/** Deletes what `statement` selects, older than the event retention, a batch per transaction until none is left. */
async function purgeInBatches(deps: Deps, statement: (cutoff: string) => SQL): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.config.VIGIL_EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  let removed = 0;
  for (;;) {
    const result = (await deps.store.write((tx) => tx.execute(statement(cutoff)))) as unknown as { rowCount?: number | null; affectedRows?: number };
    const count = Number(result.rowCount ?? result.affectedRows ?? 0);
    removed += count;
    if (count < PURGE_BATCH) return removed;
  }
}

/** Registers the chores' schedules (stored, so idempotent across restarts and processes); workers run them. */
export async function scheduleHousekeeping(queue: JobQueue): Promise<void> {
  for (const [name, chore] of Object.entries(chores)) await queue.repeat(HOUSEKEEPING_QUEUE, { name, cron: chore.cron, data: {} });
}

export function housekeepingHandler(deps: Deps): JobHandler {
  return async (job) => {
    const chore = chores[job.name];
    if (!chore) {
      deps.log.warn({ job: job.name, ...causeLogFields(job.cause) }, 'unknown housekeeping job ignored');
      return;
    }
    const removed = await chore.run(deps);
    deps.log.info({ job: job.name, removed, ...causeLogFields(job.cause) }, 'housekeeping done');
  };
}
