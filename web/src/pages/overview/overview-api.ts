import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';

export type Overview = Answer<'/api/v1/analytics/overview', 'get'>;
export type Bucket = Overview['buckets'][number];
export type OpenByService = Overview['open']['by_service'][number];
type Severity = keyof Overview['open']['by_severity'];

export const severities: Severity[] = ['critical', 'error', 'warning', 'info'];

export interface OverviewFilters {
  days: 7 | 30 | 90;
  bucket: 'day' | 'week';
  serviceId: string;
}

/** The browser's time zone: days and weeks are the viewer's. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Local midnight `days - 1` days before today: the range covers today and the days before it. */
function sinceFor(days: number, now = new Date()): string {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return start.toISOString();
}

/** The overview, aggregated by the server; no `until`, so it ends now and the server can cache it. */
export function useOverview(filters: OverviewFilters) {
  return useQuery({
    queryKey: ['overview', filters.days, filters.bucket, filters.serviceId, timeZone],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/analytics/overview', {
          params: { query: { since: sinceFor(filters.days), bucket: filters.bucket, time_zone: timeZone, ...(filters.serviceId && { service_id: filters.serviceId }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Services to filter by (the first 100). */
export function useServiceOptions() {
  return useQuery({
    queryKey: ['services', 'options'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/services', { params: { query: { limit: 100 } } }))).services.map((s) => ({ id: s.id, name: s.name })),
    staleTime: 60_000,
  });
}

/** Seconds as minutes with one decimal, for the MTTA/MTTR chart; null stays a gap. */
export function minutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds / 6) / 10;
}

/** A bucket's start as the viewer reads it: "Mar 3". */
export function bucketLabel(start: string): string {
  return new Date(start).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone });
}
