import { type InfiniteData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Incident } from '../../api/types';
import { useLiveEvents, useLiveStatus } from '../../live/live-stream';
import { filtersToParams, type IncidentFilters, matchesFilters } from './incident-filters';
import { allItems, applyPatches, mergeHead } from './list-merge';
import { fetchIncidentPage, incidentListKey, incidentListOptions, type IncidentListPage } from './incident-list-query';

type Data = InfiniteData<IncidentListPage, string | undefined>;

const FLUSH_MS = 250;
const OFFLINE_POLL_MS = 30_000;

/** A live event's incident, when it carries the whole incident as the API presents it. */
function incidentOf(data: Record<string, unknown>): Incident | undefined {
  const incident = data['incident'] as Partial<Incident> | undefined;
  return incident && typeof incident.id === 'string' && typeof incident.created_at === 'string' && typeof incident.status === 'string' && typeof incident.service_id === 'string' ? (incident as Incident) : undefined;
}

/**
 * The incident list for `filters`, page by page through the cursor, kept current from the live stream.
 *
 * Live events carry the incident as it now is, so they are merged into the loaded rows instead of refetching:
 * an infinite query refetches every loaded page in turn, which with thousands of rows would take seconds and,
 * restarted by each event of an alert storm, never finish. The query is therefore `static` (the stream's
 * blanket invalidation of ['incidents'] leaves it be); the first page is refetched and merged on return to the
 * page, on a `reset` from the stream, and while the stream is down.
 */
export function useIncidentList(filters: IncidentFilters) {
  const queryClient = useQueryClient();
  const filterKey = filtersToParams(filters).toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey stands for the filters
  const queryKey = useMemo(() => incidentListKey(filters), [filterKey]);
  const query = useInfiniteQuery(incidentListOptions(filters));

  const pending = useRef<{ patches: Incident[]; head: boolean; timer?: ReturnType<typeof setTimeout> }>({ patches: [], head: false });
  const latest = useRef({ filters, queryKey });
  latest.current = { filters, queryKey };

  const flush = useCallback(async () => {
    const state = pending.current;
    state.timer = undefined;
    const { filters: current, queryKey: key } = latest.current;
    // A page being fetched is appended to the data it started from: wait for it, or the merge would be lost.
    if (queryClient.getQueryState(key)?.fetchStatus === 'fetching') {
      state.timer = setTimeout(() => void flush(), FLUSH_MS);
      return;
    }
    const patches = state.patches.splice(0);
    const head = state.head;
    state.head = false;
    const now = Date.now();
    if (patches.length > 0) queryClient.setQueryData<Data>(key, (old) => (old ? (applyPatches(old, patches, (item) => matchesFilters(item, current, now)) as Data) : old));
    if (head && queryClient.getQueryData(key)) {
      try {
        const fresh = await fetchIncidentPage(current, undefined);
        if (latest.current.queryKey === key) queryClient.setQueryData<Data>(key, (old) => mergeHead<Incident>(old, fresh) as Data);
      } catch {
        // The next event or return to the page tries again; the rows shown stay as they were.
      }
    }
  }, [queryClient]);

  const schedule = useCallback(
    (patches: Incident[], head = false) => {
      const state = pending.current;
      state.patches.push(...patches);
      state.head ||= head;
      state.timer ??= setTimeout(() => void flush(), FLUSH_MS);
    },
    [flush],
  );

  useLiveEvents((event) => {
    if (event.type === 'reset') schedule([], true);
    else if (event.type.startsWith('incident.') || event.type.startsWith('alert.')) {
      const incident = incidentOf(event.data);
      schedule(incident ? [incident] : [], !incident);
    }
  });

  // Back on the page with rows cached from before: bring the top up to date.
  useEffect(() => {
    if (queryClient.getQueryData(queryKey)) schedule([], true);
  }, [queryClient, queryKey, schedule]);

  // Without the stream, poll the first page; when it comes back, catch up once.
  const live = useLiveStatus();
  const wasLive = useRef(live);
  useEffect(() => {
    const before = wasLive.current;
    wasLive.current = live;
    if (live === 'live') {
      // Events committed before the stream connected were never sent: the first page has them.
      if (before !== 'live') schedule([], true);
      return;
    }
    const timer = setInterval(() => schedule([], true), OFFLINE_POLL_MS);
    return () => clearInterval(timer);
  }, [live, schedule]);

  useEffect(() => () => clearTimeout(pending.current.timer), []);

  const incidents = useMemo(() => allItems(query.data), [query.data]);
  return { query, incidents, patch: useCallback((changed: Incident[]) => schedule(changed), [schedule]) };
}
