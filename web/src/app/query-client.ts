import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** The one cache of server state; route loaders fill it ahead of the pages that read it. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not turn into a 2xx by asking again.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: true,
    },
  },
});
