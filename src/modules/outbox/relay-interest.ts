import { type SQL, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '../../ports/store.ts';

/** Whether any reaction could act on an organisation's domain events of a type (cached reads: see Reaction.wants). */
export type EventWanted = (orgId: string, type: string, executor: Executor) => Promise<boolean>;

/** The types the outbox trigger lists in `outbox_relay` for the relay (migration 0013). */
export const relayedType = (type: string): boolean => type.startsWith('incident.') || type === 'change.created';

/** The rows some reaction wants, asking once per organisation and type. */
export async function wantedRows<Row extends { orgId: string; type: string }>(rows: Row[], wanted: EventWanted, executor: Executor): Promise<Row[]> {
  const answers = new Map<string, boolean>();
  const kept: Row[] = [];
  for (const row of rows) {
    const key = `${row.orgId} ${row.type}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = await wanted(row.orgId, row.type, executor);
      answers.set(key, answer);
    }
    if (answer) kept.push(row);
  }
  return kept;
}

/**
 * The events no reaction wants, as a statement taking them off `outbox_relay` (undefined when there are
 * none), for the caller to run in the transaction that wrote them (the fold runs it with its stream
 * numbering): the relay need not spend a pass — a transaction and, on the embedded store, an fsync — only to
 * let them go. Rows another process's relay has claimed are skipped, not waited for. `kept`: how many of
 * `rows` are left for the relay.
 */
export async function releaseUnwanted(tx: Transaction, rows: Array<{ outboxId: number; orgId: string; type: string }>, wanted: EventWanted): Promise<{ kept: number; release: SQL | undefined }> {
  const relayed = rows.filter((row) => relayedType(row.type));
  const kept = new Set(await wantedRows(relayed, wanted, tx));
  const unwanted = relayed.filter((row) => !kept.has(row)).map((row) => row.outboxId);
  const release =
    unwanted.length > 0
      ? sql`delete from outbox_relay where outbox_id in (
          select outbox_id from outbox_relay where outbox_id = any(${`{${unwanted.join(',')}}`}::bigint[]) for update skip locked)`
      : undefined;
  return { kept: kept.size, release };
}
