import { sql } from 'drizzle-orm';
import type { Database, Store } from '../../ports/store.ts';
import { type StreamEvent } from './stream-message.ts';
import { toStreamEvent } from './stream-sequencer.ts';

type Row = { seq: string | number; org_id: string; type: string; data: Record<string, unknown> };

async function events(db: Database, where: ReturnType<typeof sql>, limit: number): Promise<StreamEvent[]> {
  const result = (await db.execute(sql`
    select s.seq, s.org_id, o.type, o.data from stream_events s join outbox o on o.id = s.outbox_id
    where ${where} order by s.seq limit ${limit}`)) as unknown as { rows: Row[] };
  return result.rows.map(toStreamEvent);
}

/** An organisation's events after `after`, oldest first. */
export function eventsOfOrgAfter(db: Database, orgId: string, after: number, limit: number): Promise<StreamEvent[]> {
  return events(db, sql`s.org_id = ${orgId} and s.seq > ${after}`, limit);
}

/** Every organisation's events numbered between two (exclusive): a gap in what the bus brought. */
export function eventsBetween(db: Database, after: number, before: number, limit: number): Promise<StreamEvent[]> {
  return events(db, sql`s.seq > ${after} and s.seq < ${before}`, limit);
}

/** The oldest and newest numbers retained (null when none is). */
export async function retainedRange(db: Database): Promise<{ oldest: number | null; newest: number | null }> {
  const result = (await db.execute(sql`select min(seq) as oldest, max(seq) as newest from stream_events`)) as unknown as {
    rows: Array<{ oldest: string | number | null; newest: string | number | null }>;
  };
  const row = result.rows[0];
  return { oldest: row?.oldest == null ? null : Number(row.oldest), newest: row?.newest == null ? null : Number(row.newest) };
}

/**
 * Removes the messages numbered before `before`. Numbers follow time, so everything under the first one
 * still young enough goes: a primary-key range, however long the table.
 */
export async function purgeStreamEvents(store: Store, before: Date): Promise<number> {
  const result = (await store.write((tx) =>
    tx.execute(sql`
      with gone as (
        delete from stream_events where seq < coalesce(
          (select seq from stream_events where created_at >= ${before.toISOString()}::timestamptz order by seq limit 1),
          (select max(seq) + 1 from stream_events))
        returning 1)
      select count(*)::int as removed from gone`),
  )) as unknown as { rows: Array<{ removed: number }> };
  return result.rows[0]?.removed ?? 0;
}
