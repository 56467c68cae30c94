import type { IntegrationKind } from '../integration-kind.ts';
import { ping } from './heartbeat.ping.ts';
import { adoptHeartbeats } from './heartbeat.store.ts';
import { heartbeatSettings } from './heartbeat.ts';

/**
 * A dead man's switch: the sender pings at least every `interval_seconds`; a ping later than interval + grace
 * opens an alert, the next ping resolves it. Any POST to the URL is a ping (Alertmanager's Watchdog webhook
 * too), and so are GET and HEAD (heartbeat.routes.ts), for cron jobs and curl.
 */
export const heartbeatKind: IntegrationKind = {
  type: 'heartbeat',
  label: "Heartbeat (dead man's switch)",
  endpoint: ({ publicUrl, key }) => `${publicUrl}/integrations/${key}`,
  setupInstructions: ({ endpoint, settings }) =>
    [
      `Ping ${endpoint} at least every ${String(settings['interval_seconds'])} seconds: any POST (with any body or none), GET or HEAD.`,
      `A ping later than interval + grace (${String(settings['grace_seconds'])} s) opens an alert "No heartbeat from …"; the next ping resolves it.`,
      'Watching starts when the integration is created: set the sender up before the first interval ends.',
      `From cron: */5 * * * * /your/job && curl -fsS -m 10 --retry 3 ${endpoint} > /dev/null`,
      "From Prometheus Alertmanager, route the always-firing Watchdog alert to a receiver of its own:",
      '  route: { routes: [{ matchers: [alertname="Watchdog"], receiver: vigil-heartbeat, group_wait: 0s, group_interval: 1m, repeat_interval: 1m }] }',
      `  receivers: [{ name: vigil-heartbeat, webhook_configs: [{ url: ${endpoint}, send_resolved: false }] }]`,
      'with repeat_interval well under the heartbeat interval.',
    ].join('\n'),
  settings: heartbeatSettings,
  async onSaved(tx, integration, now) {
    await adoptHeartbeats(tx, now, integration.id);
  },
  async receive(_request, integration, deps) {
    return { events: [], status: 202, body: { ...(await ping(deps, integration)) } };
  },
};
