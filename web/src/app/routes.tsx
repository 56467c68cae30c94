import type { ComponentType } from 'react';
import { createBrowserRouter, redirect } from 'react-router';
import { filtersFromParams } from '../pages/incidents/incident-filters';
import { incidentListOptions } from '../pages/incidents/incident-list-query';
import { Layout } from './Layout';
import { queryClient } from './query-client';
import { RouteError } from './RouteError';

/** A route whose page is loaded on first visit, so the first load carries only the shell. */
function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return {
    lazy: async () => ({ Component: (await load())[name] as ComponentType }),
  };
}

export const router = createBrowserRouter([
  { path: '/login', ...lazyPage(() => import('../pages/auth/LoginPage'), 'LoginPage'), errorElement: <RouteError /> },
  { path: '/setup', ...lazyPage(() => import('../pages/setup/SetupWizard'), 'SetupWizard'), errorElement: <RouteError /> },
  { path: '/invitations/:token', ...lazyPage(() => import('../pages/people/AcceptInvitationPage'), 'AcceptInvitationPage'), errorElement: <RouteError /> },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, loader: () => redirect('/incidents') },
      { path: 'overview', ...lazyPage(() => import('../pages/overview/OverviewPage'), 'OverviewPage') },
      {
        path: 'incidents',
        // Runs while the page's code loads, so the first page of incidents is on its way at the same time.
        loader: ({ request }) => {
          void queryClient.prefetchInfiniteQuery(incidentListOptions(filtersFromParams(new URL(request.url).searchParams)));
          return null;
        },
        ...lazyPage(() => import('../pages/incidents/IncidentsPage'), 'IncidentsPage'),
      },
      { path: 'incidents/:id', ...lazyPage(() => import('../pages/incidents/IncidentPage'), 'IncidentPage') },
      { path: 'oncall', ...lazyPage(() => import('../pages/oncall/OnCallNowPage'), 'OnCallNowPage') },
      { path: 'my-shifts', ...lazyPage(() => import('../pages/oncall/MyShiftsPage'), 'MyShiftsPage') },
      { path: 'schedules', ...lazyPage(() => import('../pages/oncall/SchedulesPage'), 'SchedulesPage') },
      { path: 'schedules/:id', ...lazyPage(() => import('../pages/oncall/SchedulePage'), 'SchedulePage') },
      { path: 'escalation-policies', ...lazyPage(() => import('../pages/oncall/EscalationPoliciesPage'), 'EscalationPoliciesPage') },
      { path: 'escalation-policies/:id', ...lazyPage(() => import('../pages/oncall/EscalationPolicyPage'), 'EscalationPolicyPage') },
      { path: 'services', ...lazyPage(() => import('../pages/services/ServicesPage'), 'ServicesPage') },
      { path: 'services/:id', ...lazyPage(() => import('../pages/services/ServicePage'), 'ServicePage') },
      { path: 'people', ...lazyPage(() => import('../pages/people/UsersPage'), 'UsersPage') },
      { path: 'teams', ...lazyPage(() => import('../pages/people/TeamsPage'), 'TeamsPage') },
      { path: 'teams/:id', ...lazyPage(() => import('../pages/people/TeamPage'), 'TeamPage') },
      { path: 'profile', ...lazyPage(() => import('../pages/settings/ProfilePage'), 'ProfilePage') },
      { path: 'api-keys', ...lazyPage(() => import('../pages/settings/ApiKeysPage'), 'ApiKeysPage') },
      { path: 'webhooks', ...lazyPage(() => import('../pages/settings/WebhooksPage'), 'WebhooksPage') },
      { path: 'webhooks/:id', ...lazyPage(() => import('../pages/settings/WebhookPage'), 'WebhookPage') },
      { path: 'settings', ...lazyPage(() => import('../pages/settings/OrganizationSettingsPage'), 'OrganizationSettingsPage') },
      { path: '*', ...lazyPage(() => import('./NotFoundPage'), 'NotFoundPage') },
    ],
  },
]);
