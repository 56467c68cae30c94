import { sql } from 'drizzle-orm';
import type { Executor } from '../../ports/store.ts';

export interface ServiceHealth {
  openIncidents: { triggered: number; acknowledged: number };
  /** When the newest event still kept (see VIGIL_EVENT_RETENTION_DAYS) was received. */
  lastEventAt: Date | null;
}

export const NO_HEALTH: ServiceHealth = { openIncidents: { triggered: 0, acknowledged: 0 }, lastEventAt: null };

/**
 * Open incidents and the newest event of each of these services of the organisation, in one statement: per
 * service, a count over the partial index of open incidents and one step back along its events' index.
 */
export async function serviceHealth(db: Executor, orgId: string, serviceIds: string[]): Promise<Map<string, ServiceHealth>> {
  const health = new Map<string, ServiceHealth>();
  if (serviceIds.length === 0) return health;
  const result = (await db.execute(sql`
    select v.id, o.triggered, o.acknowledged, (extract(epoch from e.received_at) * 1000)::float8 as last_event_at
    from jsonb_array_elements_text(${JSON.stringify(serviceIds)}::jsonb) as v(id)
    cross join lateral (
      select count(*) filter (where i.status = 'triggered')::int as triggered, count(*) filter (where i.status = 'acknowledged')::int as acknowledged
      from incidents i where i.org_id = ${orgId} and i.service_id = v.id::uuid and i.status <> 'resolved'
    ) o
    left join lateral (
      select ev.received_at from events ev where ev.org_id = ${orgId} and ev.service_id = v.id::uuid order by ev.id desc limit 1
    ) e on true`)) as unknown as { rows: Array<{ id: string; triggered: number; acknowledged: number; last_event_at: number | null }> };
  for (const row of result.rows) {
    health.set(row.id, { openIncidents: { triggered: row.triggered, acknowledged: row.acknowledged }, lastEventAt: row.last_event_at === null ? null : new Date(Number(row.last_event_at)) });
  }
  return health;
}
