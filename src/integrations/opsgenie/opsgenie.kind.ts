import type { IntegrationKind } from '../integration-kind.ts';

/** Opsgenie Alert API clients: the integration key is their GenieKey, Vigil's address their API URL. */
export const opsgenieKind: IntegrationKind = {
  type: 'opsgenie',
  label: 'Opsgenie-compatible Alert API',
  endpoint: ({ publicUrl }) => `${publicUrl}/v2/alerts`,
  setupInstructions: ({ endpoint, key, publicUrl }) =>
    `Replace Opsgenie's API address (https://api.opsgenie.com or https://api.eu.opsgenie.com) with ${publicUrl} and use "Authorization: GenieKey ${key}". ` +
    `POST ${endpoint} creates an alert (message, alias as dedup key, description, priority P1–P5, details, tags, entity, source); ` +
    `POST ${endpoint}/{alias}/close?identifierType=alias resolves it and /acknowledge?identifierType=alias acknowledges it. ` +
    `Alerts are found by alias only: identifierType id and tiny are refused. For Alertmanager: opsgenie_configs: [{api_key: ${key}, api_url: ${publicUrl}/}].`,
};
