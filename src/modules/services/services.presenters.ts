import type { InferSelectModel } from 'drizzle-orm';
import { type IntegrationType, integrationUrl, setupInstructions } from './integration-types.ts';
import type { integrations, maintenanceWindows, services } from './services.tables.ts';

export function presentService(service: InferSelectModel<typeof services>) {
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    status: service.status,
    escalation_policy_id: service.escalationPolicyId,
    urgency: service.urgency,
    created_at: service.createdAt.toISOString(),
    updated_at: service.updatedAt.toISOString(),
  };
}

export function presentIntegration(integration: InferSelectModel<typeof integrations>, publicUrl: string, defaultRateLimit: number) {
  const type = integration.type as IntegrationType;
  const url = integrationUrl(publicUrl, type);
  return {
    id: integration.id,
    service_id: integration.serviceId,
    type,
    name: integration.name,
    integration_key: integration.integrationKey,
    url,
    setup_instructions: setupInstructions(type, url, integration.integrationKey),
    rate_limit_per_minute: integration.rateLimitPerMinute ?? defaultRateLimit,
    created_at: integration.createdAt.toISOString(),
  };
}

export function presentMaintenanceWindow(window: InferSelectModel<typeof maintenanceWindows>) {
  return {
    id: window.id,
    service_id: window.serviceId,
    description: window.description,
    start: window.start.toISOString(),
    end: window.end.toISOString(),
    created_at: window.createdAt.toISOString(),
  };
}
