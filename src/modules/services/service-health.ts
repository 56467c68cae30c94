import { sql } from 'drizzle-orm';
import type { Executor } from '../../ports/store.ts';

export interface ServiceHealth {
  openIncidents: { triggered: number; acknowledged: number };
  /** When the newest event still kept (see VIGIL_EVENT_RETENTION_DAYS) was received. */
  lastEventAt: Date | null;
  /** The end of the maintenance window in force now (the latest, if windows overlap); null when none is. */
  maintenanceUntil: Date | null;
}

export const NO_HEALTH: ServiceHealth = { openIncidents: { triggered: 0, acknowledged: 0 }, lastEventAt: null, maintenanceUntil: null };

/**
 * Open incidents, the newest event and the maintenance in force at `now` of each of these services of the
 * organisation, in one statement: per service, a count over the partial index of open incidents, one step back
 * along its events' index and its windows not ended yet.
 */
export async function serviceHealth(db: Executor, orgId: string, serviceIds: string[], now: Date): Promise<Map<string, ServiceHealth>> {
  const health = new Map<string, ServiceHealth>();
  if (serviceIds.length === 0) return health;
  const result = (await db.execute(sql`
    select v.id, o.triggered, o.acknowledged, (extract(epoch from e.received_at) * 1000)::float8 as last_event_at,
      (extract(epoch from m.until) * 1000)::float8 as maintenance_until
    from jsonb_array_elements_text(${JSON.stringify(serviceIds)}::jsonb) as v(id)
    cross join lateral (
      select count(*) filter (where i.status = 'triggered')::int as triggered, count(*) filter (where i.status = 'acknowledged')::int as acknowledged
      from incidents i where i.org_id = ${orgId} and i.service_id = v.id::uuid and i.status <> 'resolved'
    ) o
    left join lateral (
      select ev.received_at from events ev where ev.org_id = ${orgId} and ev.service_id = v.id::uuid order by ev.id desc limit 1
    ) e on true
    cross join lateral (
      select max(w."end") as until from maintenance_windows w
      where w.org_id = ${orgId} and w.service_id = v.id::uuid and w."end" > ${now.toISOString()}::timestamptz and w.start <= ${now.toISOString()}::timestamptz
    ) m`)) as unknown as { rows: Array<{ id: string; triggered: number; acknowledged: number; last_event_at: number | null; maintenance_until: number | null }> };
  for (const row of result.rows) {
    const at = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
    health.set(row.id, { openIncidents: { triggered: row.triggered, acknowledged: row.acknowledged }, lastEventAt: at(row.last_event_at), maintenanceUntil: at(row.maintenance_until) });
  }
  return health;
}
