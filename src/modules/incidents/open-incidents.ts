import { count, ne } from 'drizzle-orm';
import type { Database } from '../../ports/store.ts';
import { incidents } from './incidents.tables.ts';
import { constant } from '../../adapters/sql-constant.ts';

/** Incidents not resolved, by severity, over every organisation: the open-incidents gauge. */
export async function openIncidentsBySeverity(db: Database): Promise<Array<{ severity: string; count: number }>> {
  const rows = await db.select({ severity: incidents.severity, count: count() }).from(incidents).where(ne(incidents.status, constant('resolved'))).groupBy(incidents.severity);
  return rows.map((row) => ({ severity: row.severity, count: Number(row.count) }));
}
