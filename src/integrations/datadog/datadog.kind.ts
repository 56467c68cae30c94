import type { IntegrationKind } from '../integration-kind.ts';
import { fromDatadogWebhook } from './datadog.mapper.ts';

/** Datadog monitors through the Webhooks integration (default payload, or the template in README.md). */
export const datadogKind: IntegrationKind = {
  type: 'datadog',
  label: 'Datadog',
  endpoint: ({ publicUrl, key }) => `${publicUrl}/integrations/${key}`,
  setupInstructions: ({ endpoint }) =>
    `In Datadog, Integrations → Webhooks → + New: name it "vigil", URL ${endpoint}. The default payload works (dedup by monitor title); ` +
    `for exact dedup, priorities and snapshots use the payload template from Vigil's README (it adds "aggregate": "$AGGREG_KEY", ` +
    `"alert_id": "$ALERT_ID", "alert_transition": "$ALERT_TRANSITION", "alert_priority": "$ALERT_PRIORITY", "alert_type": "$ALERT_TYPE", ` +
    `"alert_scope": "$ALERT_SCOPE", "link": "$LINK", "snapshot": "$SNAPSHOT", "hostname": "$HOSTNAME", "tags": "$TAGS"). ` +
    `Then add @webhook-vigil to each monitor's message. Triggered, Re-Triggered, Warn and No Data open or update the alert; Recovered resolves it.`,
  receive: ({ body }) => ({ events: [fromDatadogWebhook(body)] }),
};
