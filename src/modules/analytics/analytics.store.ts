import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../ports/store.ts';
import type { OverviewRange } from './overview-range.ts';

/** Counts and times of one bucket, or of the whole range (`start` null). */
export interface PeriodRow {
  start: number | null;
  incidents: number;
  critical: number;
  error: number;
  warning: number;
  info: number;
  acknowledged: number;
  mtta: number | null;
  p50_tta: number | null;
  resolved: number;
  mttr: number | null;
  p50_ttr: number | null;
}

/** Open incidents of one service, or of all (`service_id` null). */
export interface OpenRow {
  service_id: string | null;
  service_name: string | null;
  total: number;
  triggered: number;
  acknowledged: number;
  critical: number;
  error: number;
  warning: number;
  info: number;
}

const rowsOf = async <R>(db: Database, statement: SQL): Promise<R[]> => ((await db.execute(statement)) as unknown as { rows: R[] }).rows;

const severityCounts = (column: SQL) => sql`
  count(*) filter (where ${column} = 'critical')::int as critical, count(*) filter (where ${column} = 'error')::int as error,
  count(*) filter (where ${column} = 'warning')::int as warning, count(*) filter (where ${column} = 'info')::int as info`;

/**
 * Incidents opened in the range, counted per local day or week and over the whole range, with their times to
 * acknowledge and resolve, in one statement. Buckets are local calendar days (or ISO weeks) of the time zone,
 * generated with generate_series over wall-clock times, so that a day on which the clocks change is 23 or 25
 * hours long and empty buckets are there too. Each bucket reads its own slice of the (org_id, created_at)
 * index, however much of the table the whole range holds. The last row (start null) is the whole range.
 */
export function periodRows(db: Database, orgId: string, range: OverviewRange, serviceId?: string): Promise<PeriodRow[]> {
  const { since, until, timeZone: tz, bucket } = range;
  const [from, to] = [since.toISOString(), until.toISOString()];
  const step = bucket === 'day' ? '1 day' : '1 week';
  return rowsOf<PeriodRow>(
    db,
    sql`
    with series as (
      select s.local_start, s.local_start at time zone ${tz}::text as start,
        greatest(s.local_start at time zone ${tz}::text, ${from}::timestamptz) as slice_from,
        least((s.local_start + ${step}::interval) at time zone ${tz}::text, ${to}::timestamptz) as slice_to
      from generate_series(date_trunc(${bucket}::text, ${from}::timestamptz at time zone ${tz}::text), ${to}::timestamptz at time zone ${tz}::text, ${step}::interval) as s(local_start)
      where s.local_start at time zone ${tz}::text < ${to}::timestamptz
    ), opened as (
      select s.local_start, i.severity, extract(epoch from i.acknowledged_at - i.created_at)::float8 as tta, extract(epoch from i.resolved_at - i.created_at)::float8 as ttr
      from series s
      cross join lateral (
        select i.severity, i.created_at, i.acknowledged_at, i.resolved_at from incidents i
        where i.org_id = ${orgId} ${serviceId ? sql`and i.service_id = ${serviceId}` : sql``} and i.created_at >= s.slice_from and i.created_at < s.slice_to
      ) i
    ), periods as (
      select o.local_start, grouping(o.local_start) = 1 as whole_range, count(*)::int as incidents, ${severityCounts(sql`o.severity`)},
        count(o.tta)::int as acknowledged, avg(o.tta) as mtta, percentile_cont(0.5) within group (order by o.tta) as p50_tta,
        count(o.ttr)::int as resolved, avg(o.ttr) as mttr, percentile_cont(0.5) within group (order by o.ttr) as p50_ttr
      from opened o
      group by grouping sets ((o.local_start), ())
    )
    select (extract(epoch from s.start) * 1000)::float8 as start, coalesce(p.incidents, 0) as incidents,
      coalesce(p.critical, 0) as critical, coalesce(p.error, 0) as error, coalesce(p.warning, 0) as warning, coalesce(p.info, 0) as info,
      coalesce(p.acknowledged, 0) as acknowledged, p.mtta, p.p50_tta, coalesce(p.resolved, 0) as resolved, p.mttr, p.p50_ttr
    from series s left join periods p on p.local_start = s.local_start and not p.whole_range
    union all
    select null, p.incidents, p.critical, p.error, p.warning, p.info, p.acknowledged, p.mtta, p.p50_tta, p.resolved, p.mttr, p.p50_ttr
    from periods p where p.whole_range
    order by 1 nulls last`,
  );
}

/**
 * Incidents open now (triggered or acknowledged) per service and in all (the row whose service_id is null),
 * counted by status and severity. `status <> 'resolved'` lets the partial index of open incidents serve it.
 */
export function openRows(db: Database, orgId: string, serviceId?: string): Promise<OpenRow[]> {
  return rowsOf<OpenRow>(
    db,
    sql`
    select o.service_id, s.name as service_name, o.total, o.triggered, o.acknowledged, o.critical, o.error, o.warning, o.info
    from (
      select i.service_id, grouping(i.service_id) = 1 as all_services, count(*)::int as total,
        count(*) filter (where i.status = 'triggered')::int as triggered, count(*) filter (where i.status = 'acknowledged')::int as acknowledged,
        ${severityCounts(sql`i.severity`)}
      from incidents i
      where i.org_id = ${orgId} and i.status <> 'resolved' ${serviceId ? sql`and i.service_id = ${serviceId}` : sql``}
      group by grouping sets ((i.service_id), ())
    ) o
    left join services s on s.id = o.service_id and s.org_id = ${orgId}
    order by o.all_services desc, o.total desc, s.name, o.service_id`,
  );
}
