import type { InferSelectModel } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { integrationKind } from '../../integrations/catalog.ts';
import type { ServiceHealth } from './service-health.ts';
import type { integrations, maintenanceWindows, services } from './services.tables.ts';

export function presentService(service: InferSelectModel<typeof services>, health: ServiceHealth) {
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    status: service.status,
    escalation_policy_id: service.escalationPolicyId,
    team_id: service.teamId,
    urgency: service.urgency,
    open_incidents: health.openIncidents,
    last_event_at: health.lastEventAt?.toISOString() ?? null,
    maintenance_until: health.maintenanceUntil?.toISOString() ?? null,
    created_at: service.createdAt.toISOString(),
    updated_at: service.updatedAt.toISOString(),
  };
}

export function presentIntegration(integration: InferSelectModel<typeof integrations>, deps: Deps) {
  const kind = integrationKind(integration.type);
  const target = { publicUrl: deps.publicUrl(), key: integration.integrationKey, settings: integration.settings, deps };
  const url = kind ? kind.endpoint(target) : '';
  return {
    id: integration.id,
    service_id: integration.serviceId,
    type: integration.type,
    name: integration.name,
    integration_key: integration.integrationKey,
    url,
    setup_instructions: kind ? kind.setupInstructions({ ...target, endpoint: url }) : `Integrations of type ${integration.type} are not available in this version.`,
    settings: integration.settings,
    secrets_set: (kind?.secretFields ?? []).filter(() => integration.sealedSecrets !== null),
    rate_limit_per_minute: integration.rateLimitPerMinute ?? deps.config.VIGIL_INGEST_RATE_LIMIT_PER_MINUTE,
    created_at: integration.createdAt.toISOString(),
    updated_at: integration.updatedAt.toISOString(),
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
