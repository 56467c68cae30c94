import type { IntegrationPlugin } from '../integration-plugin.ts';
import { heartbeatManager } from './heartbeat.manager.ts';
import { heartbeatApiRoutes, heartbeatPingRoutes } from './heartbeat.routes.ts';

/** Heartbeats: GET/HEAD pings, the status API and the manager that notices missed pings. */
export const heartbeatPlugin: IntegrationPlugin = {
  name: 'heartbeat',
  publicRoutes: heartbeatPingRoutes,
  apiRoutes: heartbeatApiRoutes,
  managers: ({ deps }) => [heartbeatManager(deps)],
};
