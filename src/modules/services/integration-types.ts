import { randomInt } from 'node:crypto';

/** Every type the API contract names; `ingestPath` is set for those this build can receive. */
export const integrationTypes = {
  events_api_v2: { label: 'PagerDuty Events API v2', ingestPath: '/v2/enqueue' },
  change_events: { label: 'Change events (PagerDuty format)', ingestPath: '/v2/change/enqueue' },
} as const;

export type IntegrationType = keyof typeof integrationTypes;
export const supportedIntegrationTypes = Object.keys(integrationTypes) as IntegrationType[];

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 32 characters of [a-z0-9], like a PagerDuty routing key (~165 bits). */
export function newIntegrationKey(): string {
  let key = '';
  for (let i = 0; i < 32; i += 1) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return key;
}

export function integrationUrl(publicUrl: string, type: IntegrationType): string {
  return `${publicUrl}${integrationTypes[type].ingestPath}`;
}

/** How to point a sender at this integration; shown by the API next to the URL. */
export function setupInstructions(type: IntegrationType, url: string, key: string): string {
  if (type === 'change_events') {
    return `POST change events to ${url} with "routing_key": "${key}" (PagerDuty change events format).`;
  }
  return (
    `POST PagerDuty Events API v2 events to ${url} with "routing_key": "${key}". ` +
    `For Prometheus Alertmanager: receivers: [{name: vigil, pagerduty_configs: [{routing_key: ${key}, url: ${url}}]}].`
  );
}
