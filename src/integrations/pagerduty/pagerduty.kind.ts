import type { IntegrationKind } from '../integration-kind.ts';

export const eventsApiV2Kind: IntegrationKind = {
  type: 'events_api_v2',
  label: 'PagerDuty Events API v2',
  endpoint: ({ publicUrl }) => `${publicUrl}/v2/enqueue`,
  setupInstructions: ({ endpoint, key }) =>
    `POST PagerDuty Events API v2 events to ${endpoint} with "routing_key": "${key}". Any tool that can send to PagerDuty works by changing its URL. ` +
    `For Prometheus Alertmanager: receivers: [{name: vigil, pagerduty_configs: [{routing_key: ${key}, url: ${endpoint}}]}].`,
};

export const changeEventsKind: IntegrationKind = {
  type: 'change_events',
  label: 'Change events (PagerDuty format)',
  endpoint: ({ publicUrl }) => `${publicUrl}/v2/change/enqueue`,
  setupInstructions: ({ endpoint, key }) => `POST change events to ${endpoint} with "routing_key": "${key}" (PagerDuty change events format).`,
};
