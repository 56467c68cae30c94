import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer, Body } from '../../api/types';

export type Policy = Answer<'/api/v1/escalation-policies/{id}', 'get'>;
export type PolicyBody = Body<'/api/v1/escalation-policies', 'post'>;
export type Target = Policy['levels'][number]['targets'][number];

/** Every key starts with 'escalation-policies', as the services pages' policy picker does, so both refresh. */
const keys = {
  all: ['escalation-policies'] as const,
  list: ['escalation-policies', 'list'] as const,
  one: (id: string) => ['escalation-policies', id] as const,
};

export function usePolicyList() {
  return useInfiniteQuery({
    queryKey: keys.list,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/escalation-policies', { params: { query: { limit: 50, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function usePolicy(id: string) {
  return useQuery({ queryKey: keys.one(id), queryFn: () => unwrap(api.GET('/api/v1/escalation-policies/{id}', { params: { path: { id } } })) });
}

/** Services and the policy each uses (every page), to tell which services a policy pages for. */
export function useServicePolicies() {
  return useQuery({
    queryKey: ['escalation-policies', 'services'],
    queryFn: async () => {
      const found: Array<{ id: string; name: string; escalation_policy_id: string | null }> = [];
      let cursor: string | undefined;
      // Ten pages of a hundred: more services than any one screen should list.
      for (let page = 0; page < 10; page += 1) {
        const answer = await unwrap(api.GET('/api/v1/services', { params: { query: { limit: 100, ...(cursor && { cursor }) } } }));
        found.push(...answer.services.map(({ id, name, escalation_policy_id }) => ({ id, name, escalation_policy_id })));
        if (!answer.next_cursor) break;
        cursor = answer.next_cursor;
      }
      return found;
    },
    staleTime: 60_000,
  });
}

function usePoliciesChanged() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.all }), queryClient.invalidateQueries({ queryKey: ['oncalls'] })]);
}

export function useCreatePolicy() {
  const changed = usePoliciesChanged();
  return useMutation({ mutationFn: (body: PolicyBody) => unwrap(api.POST('/api/v1/escalation-policies', { body })), onSuccess: changed });
}

export function useUpdatePolicy(id: string) {
  const changed = usePoliciesChanged();
  return useMutation({ mutationFn: (body: PolicyBody) => unwrap(api.PATCH('/api/v1/escalation-policies/{id}', { params: { path: { id } }, body })), onSuccess: changed });
}

export function useDeletePolicy(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/escalation-policies/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.one(id) });
      return Promise.all([queryClient.invalidateQueries({ queryKey: keys.list }), queryClient.invalidateQueries({ queryKey: ['oncalls'] })]);
    },
  });
}

/** Who is on call now for every policy, level by level. */
export function useOncalls() {
  return useQuery({ queryKey: ['oncalls'], queryFn: async () => (await unwrap(api.GET('/api/v1/oncalls', { params: { query: {} } }))).oncalls, refetchInterval: 60_000 });
}
