import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** Who is signed in: a 401 sends the browser to the sign-in page. */
export const meQuery = { queryKey: ['me'], queryFn: async () => (await unwrap(api.GET('/api/v1/me'))).user, staleTime: 60_000 };

export function useMe() {
  return useQuery(meQuery);
}

export function useSetupStatus() {
  return useQuery({ queryKey: ['setup-status'], queryFn: () => unwrap(api.GET('/api/v1/setup')), staleTime: 60_000 });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: () => {
      queryClient.clear();
      location.assign('/login');
    },
  });
}

/** Whether the signed-in user may change things (observers only look). */
export function canWrite(role: string | undefined): boolean {
  return role === 'admin' || role === 'responder';
}
