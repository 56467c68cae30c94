import type { InferSelectModel } from 'drizzle-orm';
import { type IntegrationType, integrationUrl, setupInstructions } from './integration-types.ts';
import type { integrations, services } from './services.tables.ts';

export function presentService(service: InferSelectModel<typeof services>) {
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    status: service.status,
    escalation_policy_id: service.escalationPolicyId,
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
