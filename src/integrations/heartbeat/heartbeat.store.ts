import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import type { AlertEventPayload } from '../../modules/events/event.ts';
import { integrations } from '../../modules/services/services.tables.ts';
import type { Executor, Transaction } from '../../ports/store.ts';
import { HEARTBEAT_DEDUP_KEY, type HeartbeatStatus } from './heartbeat.ts';
import { heartbeats } from './heartbeat.tables.ts';

/** The columns of `events` a stored heartbeat event fills, as src/modules/events/event-ingest.ts writes them. */
const EVENT_COLUMNS = ['org_id', 'service_id', 'integration_id', 'kind', 'action', 'dedup_key', 'payload', 'received_at'];

export interface HeartbeatEvent {
  orgId: string;
  serviceId: string;
  integrationId: string;
  action: 'trigger' | 'resolve';
  payload: AlertEventPayload;
}

/**
 * Stores alert events in the caller's transaction, with the state change that caused them; the fold picks them
 * up on its poll like events stored by any other process.
 */
export async function storeHeartbeatEvents(tx: Transaction, events: HeartbeatEvent[], receivedAt: Date): Promise<void> {
  const rows = events.map((event) => ({
    org_id: event.orgId,
    service_id: event.serviceId,
    integration_id: event.integrationId,
    kind: 'alert',
    action: event.action,
    dedup_key: HEARTBEAT_DEDUP_KEY,
    payload: event.payload,
    received_at: receivedAt,
  }));
  const statement = bulkInsertStatement('events', EVENT_COLUMNS, rows);
  if (statement) await tx.execute(statement);
}

/**
 * Records a ping: the heartbeat is up and due again at `dueAt`. Returns the status it had before (undefined when
 * it had no row yet, or when the integration is gone meanwhile and nothing was recorded).
 */
export async function recordPing(tx: Transaction, integrationId: string, now: Date, dueAt: Date): Promise<HeartbeatStatus | undefined> {
  const [previous] = await tx.select({ status: heartbeats.status }).from(heartbeats).where(eq(heartbeats.integrationId, integrationId)).for('update');
  // Inserted from the integration's row, so a ping racing the integration's deletion records nothing.
  await tx.execute(sql`
    insert into heartbeats (integration_id, org_id, status, last_ping_at, due_at, down_since, updated_at)
    select id, org_id, 'up', ${now.toISOString()}::timestamptz, ${dueAt.toISOString()}::timestamptz, null, ${now.toISOString()}::timestamptz
    from integrations where id = ${integrationId}
    on conflict (integration_id) do update
      set status = 'up', last_ping_at = excluded.last_ping_at, due_at = excluded.due_at, down_since = null, updated_at = excluded.updated_at`);
  return previous?.status;
}

/** Heartbeats past their due time, locked for this pass (others skip them), oldest first. */
/** Whether any heartbeat is overdue: a plain read, so a pass with nothing due opens no write transaction. */
export async function anyOverdue(db: Executor, now: Date): Promise<boolean> {
  const [row] = await db.select({ id: heartbeats.integrationId }).from(heartbeats).where(lte(heartbeats.dueAt, now)).limit(1);
  return row !== undefined;
}

export function claimOverdue(tx: Transaction, now: Date, limit: number) {
  return tx
    .select({
      integrationId: heartbeats.integrationId,
      orgId: heartbeats.orgId,
      status: heartbeats.status,
      lastPingAt: heartbeats.lastPingAt,
      serviceId: integrations.serviceId,
      name: integrations.name,
      settings: integrations.settings,
      createdAt: integrations.createdAt,
    })
    .from(heartbeats)
    .innerJoin(integrations, eq(integrations.id, heartbeats.integrationId))
    .where(lte(heartbeats.dueAt, now))
    .orderBy(asc(heartbeats.dueAt))
    .limit(limit)
    .for('update', { of: heartbeats, skipLocked: true });
}

export async function markDown(tx: Transaction, integrationIds: string[], now: Date): Promise<void> {
  if (integrationIds.length === 0) return;
  await tx.execute(sql`
    update heartbeats set status = 'down', due_at = null, down_since = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    where integration_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(integrationIds)}::jsonb))`);
}

/** Moves due times that turned out later than stored (the interval was lengthened since). */
export async function reschedule(tx: Transaction, rows: Array<{ integrationId: string; dueAt: Date }>, now: Date): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((row) => ({ id: row.integrationId, due_at: row.dueAt.toISOString() })));
  await tx.execute(sql`
    update heartbeats h set due_at = r.due_at, updated_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as r(id uuid, due_at timestamptz)
    where h.integration_id = r.id`);
}

/** interval + grace of an integration's stored (validated) settings, as an SQL interval. */
const slack = sql.raw(`make_interval(secs => (i.settings->>'interval_seconds')::float8 + (i.settings->>'grace_seconds')::float8)`);
const hasTiming = sql.raw(`jsonb_typeof(i.settings->'interval_seconds') = 'number' and jsonb_typeof(i.settings->'grace_seconds') = 'number'`);

/**
 * Brings the table in line with the heartbeat integrations (all, or the one given): a new one is watched from
 * its creation on (status waiting, due at creation + interval + grace), and one whose interval was shortened
 * is due earlier. Lengthened intervals are caught when the row is claimed. Returns how many rows it touched.
 */
export async function adoptHeartbeats(tx: Transaction, now: Date, integrationId?: string): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const only = integrationId ? sql` and i.id = ${integrationId}` : sql``;
  const adopted = await tx.execute(sql`
    insert into heartbeats (integration_id, org_id, status, last_ping_at, due_at, down_since, updated_at)
    select i.id, i.org_id, 'waiting', null, i.created_at + ${slack}, null, ${at}
    from integrations i
    where i.type = 'heartbeat' and ${hasTiming}${only} and not exists (select 1 from heartbeats h where h.integration_id = i.id)
    on conflict (integration_id) do nothing`);
  const retimed = await tx.execute(sql`
    update heartbeats h set due_at = coalesce(h.last_ping_at, i.created_at) + ${slack}, updated_at = ${at}
    from integrations i
    where i.id = h.integration_id and ${hasTiming}${only} and h.due_at > coalesce(h.last_ping_at, i.created_at) + ${slack}`);
  return affected(adopted) + affected(retimed);
}

/** Rows an INSERT/UPDATE touched, whichever driver ran it. */
function affected(result: unknown): number {
  const { rowCount, affectedRows } = result as { rowCount?: number | null; affectedRows?: number };
  return rowCount ?? affectedRows ?? 0;
}

/** A heartbeat integration of the organisation with its state (null columns when it has no row yet). */
export async function heartbeatOf(db: Executor, orgId: string, integrationId: string) {
  const [row] = await db
    .select({
      type: integrations.type,
      settings: integrations.settings,
      createdAt: integrations.createdAt,
      status: heartbeats.status,
      lastPingAt: heartbeats.lastPingAt,
      dueAt: heartbeats.dueAt,
      downSince: heartbeats.downSince,
    })
    .from(integrations)
    .leftJoin(heartbeats, eq(heartbeats.integrationId, integrations.id))
    .where(and(eq(integrations.id, integrationId), eq(integrations.orgId, orgId)));
  return row;
}
