import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { queryClient } from './app/query-client';
import { router } from './app/routes';
import { meQuery } from './app/session';
import { applyTheme, storedTheme } from './app/theme';
import { Toaster } from './ui/toast';
import './styles.css';

applyTheme(storedTheme());

// Asked while the first page's code is still loading, instead of after it.
const publicPage = /^\/(login|setup|invitations)(\/|$)/.test(location.pathname);
if (!publicPage) void queryClient.prefetchQuery(meQuery);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Toaster>
        <RouterProvider router={router} />
      </Toaster>
    </QueryClientProvider>
  </StrictMode>,
);
