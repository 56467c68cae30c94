import { api, unwrap } from '../../api/client';
import type { Answer, Incident } from '../../api/types';
import { filtersToParams, type IncidentFilters, listQuery } from './incident-filters';
import { type ListPage, withBoundary } from './list-merge';

export type IncidentListPage = Answer<'/api/v1/incidents', 'get'> & ListPage<Incident>;

const PAGE_SIZE = 100;

export async function fetchIncidentPage(filters: IncidentFilters, cursor: string | undefined, signal?: AbortSignal): Promise<IncidentListPage> {
  const query = { ...listQuery(filters, Date.now()), limit: PAGE_SIZE, ...(cursor && { cursor }) };
  return withBoundary(await unwrap(api.GET('/api/v1/incidents', { params: { query }, signal })));
}

export function incidentListKey(filters: IncidentFilters) {
  return ['incidents', 'list', filtersToParams(filters).toString()];
}

/**
 * The list's query, shared by the page and the route's loader: the loader starts the first page while the
 * page's code is still loading, and the page finds it in the cache.
 */
export function incidentListOptions(filters: IncidentFilters) {
  return {
    queryKey: incidentListKey(filters),
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) => fetchIncidentPage(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: IncidentListPage) => last.next_cursor ?? undefined,
    staleTime: 'static' as const,
  };
}
