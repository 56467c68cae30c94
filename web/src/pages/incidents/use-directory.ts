import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { api, unwrap } from '../../api/client';
import type { Service, User } from '../../api/types';

async function allServices(): Promise<Service[]> {
  const services: Service[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(api.GET('/api/v1/services', { params: { query: { limit: 100, ...(cursor && { cursor }) } } }));
    services.push(...page.services);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return services.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Every service of the organisation, for names and the filter. `static`: the live stream invalidates
 * ['services'] on every incident event (for health counts), which names do not need; a service id that is not
 * known yet (a service created since) fetches them again.
 */
export function useServices(referenced: readonly string[] = []) {
  const query = useQuery({ queryKey: ['services', 'all-names'], queryFn: allServices, staleTime: 'static' });
  const byId = useMemo(() => new Map((query.data ?? []).map((service) => [service.id, service])), [query.data]);
  // Asked for once per id: a deleted service's incidents must not refetch forever.
  const tried = useRef(new Set<string>());
  const missing = query.data === undefined ? undefined : referenced.find((id) => !byId.has(id) && !tried.current.has(id));
  const { refetch } = query;
  useEffect(() => {
    if (missing === undefined) return;
    tried.current.add(missing);
    void refetch();
  }, [missing, refetch]);
  return { query, services: query.data ?? [], byId };
}

/** The organisation's users: names for the timeline's actors and the people to reassign to. */
export function useUsers() {
  const query = useQuery({ queryKey: ['users'], queryFn: async () => (await unwrap(api.GET('/api/v1/users'))).users, staleTime: 60_000 });
  const byId = useMemo(() => new Map<string, User>((query.data ?? []).map((user) => [user.id, user])), [query.data]);
  return { query, users: query.data ?? [], byId };
}
