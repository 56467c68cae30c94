import type { OverviewView } from './analytics.schema.ts';
import type { OpenRow, PeriodRow } from './analytics.store.ts';
import type { OverviewRange } from './overview-range.ts';

/** Seconds to the millisecond: the store's means and medians carry float noise beyond it. */
const seconds = (value: number | null): number | null => (value === null ? null : Math.round(Number(value) * 1000) / 1000);

const bySeverity = (row: { critical: number; error: number; warning: number; info: number }) => ({ critical: row.critical, error: row.error, warning: row.warning, info: row.info });

const NO_PERIOD: PeriodRow = { start: null, incidents: 0, critical: 0, error: 0, warning: 0, info: 0, acknowledged: 0, mtta: null, p50_tta: null, resolved: 0, mttr: null, p50_ttr: null };

export function presentOverview(range: OverviewRange, serviceId: string | undefined, periods: PeriodRow[], open: OpenRow[]): OverviewView {
  const whole = periods.find((row) => row.start === null) ?? NO_PERIOD;
  const all = open.find((row) => row.service_id === null);
  return {
    since: range.since.toISOString(),
    until: range.until.toISOString(),
    bucket: range.bucket,
    time_zone: range.timeZone,
    service_id: serviceId ?? null,
    open: {
      total: all?.total ?? 0,
      by_severity: bySeverity(all ?? NO_PERIOD),
      by_service: open.flatMap(({ service_id, ...row }) => (service_id === null ? [] : [{ service_id, ...row }])),
    },
    buckets: periods.flatMap((row) =>
      row.start === null
        ? []
        : [
            {
              start: new Date(Number(row.start)).toISOString(),
              incidents: row.incidents,
              by_severity: bySeverity(row),
              acknowledged: row.acknowledged,
              mtta_seconds: seconds(row.mtta),
              resolved: row.resolved,
              mttr_seconds: seconds(row.mttr),
            },
          ],
    ),
    totals: {
      incidents: whole.incidents,
      by_severity: bySeverity(whole),
      acknowledged: whole.acknowledged,
      mtta_seconds: seconds(whole.mtta),
      median_tta_seconds: seconds(whole.p50_tta),
      resolved: whole.resolved,
      mttr_seconds: seconds(whole.mttr),
      median_ttr_seconds: seconds(whole.p50_ttr),
    },
  };
}
