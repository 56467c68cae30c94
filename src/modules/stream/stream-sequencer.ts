import { type SQL, sql } from 'drizzle-orm';
import type { Bus } from '../../ports/bus.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { Store, Transaction } from '../../ports/store.ts';
import type { StreamEvent } from './stream-message.ts';
import { streamPending } from './stream.tables.ts';

/** The bus channel numbered events travel on, a batch per message. */
export const STREAM_CHANNEL = 'stream';
/** One number for every Vigil process: passes number events one at a time, so numbers follow commits. */
const SEQUENCER_LOCK = 0x7374726d;
const BATCH = 500;

export interface StreamBatch {
  /** The last event's number, first in the JSON: a process with no clients reads it and skips the rest. */
  last: number;
  events: Array<{ seq: number; org_id: string; type: string; data: Record<string, unknown> }>;
}

export interface NumberedRow extends Record<string, unknown> {
  seq: string | number;
  org_id: string;
  type: string;
  data: Record<string, unknown>;
}

interface PresentedIncident {
  severity?: unknown;
  service_id?: unknown;
  created_at?: unknown;
  acknowledged_at?: unknown;
}

function severityOf(data: Record<string, unknown>): string {
  const incident = data['incident'] as PresentedIncident | undefined;
  return typeof incident?.severity === 'string' ? incident.severity : 'none';
}

const transitions: Record<string, string> = { 'incident.triggered': 'triggered', 'incident.acknowledged': 'acknowledged', 'incident.resolved': 'resolved' };

/** Counted where the events are numbered: exactly once per event, whichever process wrote it. */
function countNumbered(metrics: Metrics, row: NumberedRow): void {
  const severity = severityOf(row.data);
  metrics.domainEvents.inc({ type: row.type, severity });
  const transition = transitions[row.type];
  const incident = row.data['incident'] as PresentedIncident | undefined;
  if (!transition || !incident) return;
  metrics.incidentTransitions.inc({ transition, service: typeof incident.service_id === 'string' ? incident.service_id : 'none', severity });
  if (transition === 'acknowledged' && typeof incident.created_at === 'string' && typeof incident.acknowledged_at === 'string') {
    const seconds = (Date.parse(incident.acknowledged_at) - Date.parse(incident.created_at)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) metrics.timeToAcknowledge.observe({ severity }, seconds);
  }
}

/** The sequencer lock, as an expression for a caller that takes it in a statement of its own (`lockTaken`). */
export const sequencerLock = (): SQL => sql`pg_advisory_xact_lock(${SEQUENCER_LOCK})`;

/**
 * Numbers up to BATCH pending events in the caller's transaction, taking the sequencer lock until it ends
 * (unless the caller took it already: `lockTaken`). The fold calls it in its own transaction (so an incident
 * reaches the stream without one more commit); everyone else's events wait for a `sequenceStream` pass. Take
 * the lock last: after every row lock.
 */
export async function numberPendingEvents(tx: Transaction, soleWriter: boolean, alongside: SQL[] = [], lockTaken = false): Promise<NumberedRow[]> {
  // The embedded store has one writer, one transaction at a time: nothing to exclude.
  if (!soleWriter && !lockTaken) await tx.execute(sql`select ${sequencerLock()}`);
  // Rows by index, one at a time, whatever the planner reckons: as joins, a batch reckoned at the full 500
  // against an outbox of some thousands of events read the whole outbox every pass (~23 ms in the paging bench).
  // `alongside`: a caller's data-modifying statements that ride along, sparing it round trips.
  const result = (await tx.execute(sql`
    with ${sql.join(
      alongside.map((statement, index) => sql`${sql.raw(`alongside${index}`)} as (${statement}), `),
      sql``,
    )} moved as (
      delete from stream_pending where outbox_id = any(array(select outbox_id from stream_pending order by outbox_id limit ${BATCH}))
      returning outbox_id, org_id
    ), numbered as (
      insert into stream_events (org_id, outbox_id, created_at)
      select org_id, outbox_id, now() from moved order by outbox_id
      returning seq, org_id, outbox_id
    )
    select n.seq, n.org_id, o.type, o.data from numbered n
      cross join lateral (select type, data from outbox where outbox.id = n.outbox_id limit 1) o
    order by n.seq`)) as unknown as { rows: NumberedRow[] };
  return result.rows;
}

/** After the commit that numbered them: onto the bus, to every process's clients. */
export async function publishNumbered(bus: Bus, numbered: NumberedRow[], metrics?: Metrics): Promise<void> {
  if (numbered.length === 0) return;
  const events = numbered.map((row) => ({ seq: Number(row.seq), org_id: row.org_id, type: row.type, data: row.data }));
  const batch: StreamBatch = { last: events.reduce((last, event) => Math.max(last, event.seq), 0), events };
  await bus.publish(STREAM_CHANNEL, JSON.stringify(batch));
  if (metrics) for (const row of numbered) countNumbered(metrics, row);
}

export function toStreamEvent(row: NumberedRow): StreamEvent {
  return { seq: Number(row.seq), orgId: row.org_id, type: row.type, data: row.data };
}

/**
 * Numbers the committed domain events waiting in `stream_pending` (in outbox order) and publishes them on
 * the bus. Under the sequencer lock, so an event numbered n is committed before n+1 is drawn: a resume from
 * n never skips one committed later with a lower outbox id. Publishing follows the commit; a process dying
 * in between leaves receivers a gap in the numbers, which they fill from `stream_events`.
 */
export async function sequenceStream(store: Store, bus: Bus, metrics?: Metrics): Promise<number> {
  let total = 0;
  for (;;) {
    const [waiting] = await store.db.select({ id: streamPending.outboxId }).from(streamPending).limit(1);
    if (!waiting) return total;
    const numbered = await store.write((tx) => numberPendingEvents(tx, store.kind === 'pglite'));
    if (numbered.length === 0) return total;
    await publishNumbered(bus, numbered, metrics);
    total += numbered.length;
    if (numbered.length < BATCH) return total;
  }
}
