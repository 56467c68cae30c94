import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer, Body } from '../../api/types';

export type Schedule = Answer<'/api/v1/schedules/{id}', 'get'>;
export type ScheduleBody = Body<'/api/v1/schedules', 'post'>;
export type Rendered = Answer<'/api/v1/schedules/{id}/render', 'get'>;
export type Entry = Rendered['final'][number];
export type Override = Answer<'/api/v1/schedules/{id}/overrides', 'get'>['overrides'][number];
export type OrgUser = Answer<'/api/v1/users', 'get'>['users'][number];

/** Every key starts with 'schedules', so one invalidation refreshes lists, timelines and who is on call. */
const keys = {
  list: ['schedules', 'list'] as const,
  one: (id: string) => ['schedules', id] as const,
};

/** The organisation's people (same key and shape as the People pages, so they share the cache). */
export function useUsers() {
  return useQuery({ queryKey: ['users'], queryFn: async () => (await unwrap(api.GET('/api/v1/users'))).users });
}

export function useScheduleList() {
  return useInfiniteQuery({
    queryKey: keys.list,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/schedules', { params: { query: { limit: 50, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/** Schedules to pick from in a policy's targets (the first 100). */
export function useSchedulePicker() {
  return useQuery({
    queryKey: ['schedules', 'picker'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/schedules', { params: { query: { limit: 100 } } }))).schedules,
    staleTime: 60_000,
  });
}

export function useSchedule(id: string) {
  return useQuery({ queryKey: keys.one(id), queryFn: () => unwrap(api.GET('/api/v1/schedules/{id}', { params: { path: { id } } })) });
}

/** Who is on call now and until when; refetched each minute so the answer follows handoffs. */
export function useOncallNow(id: string) {
  return useQuery({
    queryKey: [...keys.one(id), 'oncall'],
    queryFn: () => unwrap(api.GET('/api/v1/schedules/{id}/oncall', { params: { path: { id }, query: {} } })),
    refetchInterval: 60_000,
  });
}

export function useRender(id: string, since: number, until: number) {
  const query = { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
  return useQuery({
    queryKey: [...keys.one(id), 'render', query.since, query.until],
    queryFn: () => unwrap(api.GET('/api/v1/schedules/{id}/render', { params: { path: { id }, query } })),
    placeholderData: keepPreviousData,
  });
}

export function useOverrides(id: string, since: number, until: number) {
  const query = { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
  return useQuery({
    queryKey: [...keys.one(id), 'overrides', query.since, query.until],
    queryFn: async () => (await unwrap(api.GET('/api/v1/schedules/{id}/overrides', { params: { path: { id }, query } }))).overrides,
    placeholderData: keepPreviousData,
  });
}

/** Invalidates every schedule query and who is on call across policies, after any change. */
function useScheduleChanged() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: ['schedules'] }), queryClient.invalidateQueries({ queryKey: ['oncalls'] }), queryClient.invalidateQueries({ queryKey: ['my-shifts'] })]);
}

export function useCreateSchedule() {
  const changed = useScheduleChanged();
  return useMutation({ mutationFn: (body: ScheduleBody) => unwrap(api.POST('/api/v1/schedules', { body })), onSuccess: changed });
}

export function useUpdateSchedule(id: string) {
  const changed = useScheduleChanged();
  return useMutation({ mutationFn: (body: ScheduleBody) => unwrap(api.PATCH('/api/v1/schedules/{id}', { params: { path: { id } }, body })), onSuccess: changed });
}

export function useDeleteSchedule(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/schedules/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.one(id) });
      return queryClient.invalidateQueries({ queryKey: keys.list });
    },
  });
}

export function useCreateOverride(id: string) {
  const changed = useScheduleChanged();
  return useMutation({
    mutationFn: (body: { user_id: string; start: string; end: string }) => unwrap(api.POST('/api/v1/schedules/{id}/overrides', { params: { path: { id } }, body })),
    onSuccess: changed,
  });
}

export function useDeleteOverride(id: string) {
  const changed = useScheduleChanged();
  return useMutation({
    mutationFn: (overrideId: string) => unwrap(api.DELETE('/api/v1/schedules/{id}/overrides/{overrideId}', { params: { path: { id, overrideId } } })),
    onSuccess: changed,
  });
}
