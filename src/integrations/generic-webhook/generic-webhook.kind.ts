import { AppError } from '../../http/errors.ts';
import type { IntegrationKind } from '../integration-kind.ts';
import { applyMapping, compiledMappingOf, DEFAULT_SEVERITY, genericWebhookSettings, type GenericWebhookSettings } from './generic-webhook.mapping.ts';

/** Any tool that can POST JSON: a JSONata mapping stored on the integration turns its body into an event. */
export const genericWebhookKind: IntegrationKind = {
  type: 'generic_webhook',
  label: 'Generic JSON webhook',
  endpoint: ({ publicUrl, key }) => `${publicUrl}/integrations/${key}`,
  setupInstructions: ({ endpoint }) =>
    `Point the tool's webhook at ${endpoint} (POST, Content-Type: application/json). The integration's settings.mapping holds JSONata ` +
    `expressions over the posted body: summary (required), severity, dedup_key, action (trigger, acknowledge or resolve; an expression may ` +
    `choose, e.g. status = "ok" ? "resolve" : "trigger"), source, timestamp, component, group, class, custom_details (default: the whole body) ` +
    `and links. Expressions are checked when saved; try one on a sample body with POST /api/v1/integrations/{id}/test-mapping {"body": ...}. ` +
    `Severity defaults to ${DEFAULT_SEVERITY} (setting default_severity).`,
  settings: genericWebhookSettings,
  receive: async ({ body }, integration) => {
    // Validated (and compiled) when saved: parsing them again here would compile every expression per request.
    const settings = integration.settings as Partial<GenericWebhookSettings>;
    if (!settings.mapping) throw new AppError('unprocessable', 'settings.mapping: this integration has no mapping yet', [{ field: 'settings.mapping', message: 'is not set' }]);
    const { event } = await applyMapping(compiledMappingOf(integration.id, settings.mapping), body, settings.default_severity);
    return { events: [event] };
  },
};
