import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';

export type ServiceView = Answer<'/api/v1/services/{id}', 'get'>;
export type IntegrationView = Answer<'/api/v1/services/{id}/integrations', 'get'>['integrations'][number];
export type CreatedIntegration = Answer<'/api/v1/services/{id}/integrations', 'post'>;
export type MaintenanceWindow = Answer<'/api/v1/services/{id}/maintenance-windows', 'get'>['maintenance_windows'][number];
export type Policy = Answer<'/api/v1/escalation-policies', 'get'>['escalation_policies'][number];

/**
 * A service and its health start with 'services', so the live stream's incident events refresh them; what incident
 * events do not change (integrations, maintenance windows, Slack channels) is kept apart, so a busy stream does not
 * refetch it. Changes start with 'changes', which change events refresh.
 */
export const serviceKeys = {
  list: ['services', 'list'] as const,
  one: (id: string) => ['services', id] as const,
  eventStats: (id: string) => ['services', id, 'event-stats'] as const,
  integrations: (id: string) => ['integrations', id] as const,
  maintenance: (id: string) => ['maintenance-windows', id] as const,
  changes: (id: string) => ['changes', 'service', id] as const,
  slack: (id: string) => ['slack-channels', id] as const,
};

export function useServiceList() {
  return useInfiniteQuery({
    queryKey: serviceKeys.list,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/services', { params: { query: { limit: 100, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useService(id: string) {
  return useQuery({ queryKey: serviceKeys.one(id), queryFn: () => unwrap(api.GET('/api/v1/services/{id}', { params: { path: { id } } })) });
}

/** Escalation policies to pick from (the first 100, newest first). */
export function usePolicies() {
  return useQuery({
    queryKey: ['escalation-policies', 'picker'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/escalation-policies', { params: { query: { limit: 100 } } }))).escalation_policies,
    staleTime: 60_000,
  });
}

export function useIntegrations(serviceId: string) {
  return useQuery({
    queryKey: serviceKeys.integrations(serviceId),
    queryFn: async () => (await unwrap(api.GET('/api/v1/services/{id}/integrations', { params: { path: { id: serviceId } } }))).integrations,
  });
}

/** Windows that are on now or still to come; `all` adds the past ones. */
export function useMaintenanceWindows(serviceId: string, all = false) {
  return useQuery({
    queryKey: [...serviceKeys.maintenance(serviceId), all],
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/services/{id}/maintenance-windows', { params: { path: { id: serviceId }, query: { ongoing_or_future: all ? 'false' : 'true' } } }))).maintenance_windows,
  });
}
