import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, invalid, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import type { IntegrationDirectory } from './integration-directory.ts';
import { type IntegrationType, integrationTypes, newIntegrationKey, supportedIntegrationTypes } from './integration-types.ts';
import { integrations, services } from './services.tables.ts';

/** Types in the API contract that later work adds; asking for one now gets a 422 that says so. */
const plannedTypes = ['alertmanager', 'grafana', 'datadog', 'generic_webhook', 'github', 'opsgenie', 'heartbeat', 'email'];

export interface ServiceFields {
  name?: string;
  description?: string;
  status?: 'active' | 'disabled';
  escalation_policy_id?: string | null;
}

export function createService(deps: Deps, actor: Actor, input: ServiceFields & { name: string }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const values = {
      id: randomUUID(),
      orgId: actor.orgId,
      name: input.name,
      description: input.description ?? '',
      status: 'active' as const,
      escalationPolicyId: input.escalation_policy_id ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await assertNameFree(tx, actor.orgId, input.name);
    const [service] = await tx.insert(services).values(values).returning();
    await recordAudit(tx, actor, 'service.create', { type: 'service', id: values.id }, now, { name: input.name });
    return service!;
  });
}

export function updateService(deps: Deps, actor: Actor, id: string, changes: ServiceFields) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    if (changes.name !== undefined) await assertNameFree(tx, actor.orgId, changes.name, id);
    const [service] = await tx
      .update(services)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.escalation_policy_id !== undefined && { escalationPolicyId: changes.escalation_policy_id }),
        updatedAt: now,
      })
      .where(and(eq(services.id, id), eq(services.orgId, actor.orgId)))
      .returning();
    if (!service) throw notFound('Service');
    await recordAudit(tx, actor, 'service.update', { type: 'service', id }, now, { ...changes });
    return service;
  });
}

export async function deleteService(deps: Deps, directory: IntegrationDirectory, actor: Actor, id: string) {
  const keys = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const removedKeys = await tx.delete(integrations).where(and(eq(integrations.serviceId, id), eq(integrations.orgId, actor.orgId))).returning({ key: integrations.integrationKey });
    const [service] = await tx.delete(services).where(and(eq(services.id, id), eq(services.orgId, actor.orgId))).returning({ id: services.id });
    if (!service) throw notFound('Service');
    await recordAudit(tx, actor, 'service.delete', { type: 'service', id }, now);
    return removedKeys;
  });
  for (const { key } of keys) directory.forget(key);
}

async function assertNameFree(tx: Transaction, orgId: string, name: string, exceptId?: string) {
  const [existing] = await tx.select({ id: services.id }).from(services).where(and(eq(services.orgId, orgId), eq(services.name, name)));
  if (existing && existing.id !== exceptId) throw conflict(`A service named ${JSON.stringify(name)} already exists.`);
}

export function checkIntegrationType(type: string): IntegrationType {
  if ((supportedIntegrationTypes as string[]).includes(type)) return type as IntegrationType;
  if (plannedTypes.includes(type)) {
    throw new AppError('unprocessable', `Integrations of type ${type} are not available in this version yet; available: ${supportedIntegrationTypes.join(', ')}.`, [
      { field: 'type', message: 'not available yet' },
    ]);
  }
  throw invalid('type', `must be one of ${supportedIntegrationTypes.join(', ')}`);
}

export function createIntegration(deps: Deps, actor: Actor, serviceId: string, input: { type: IntegrationType; name?: string; rate_limit_per_minute?: number }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [service] = await tx.select({ id: services.id }).from(services).where(and(eq(services.id, serviceId), eq(services.orgId, actor.orgId)));
    if (!service) throw notFound('Service');
    const [integration] = await tx
      .insert(integrations)
      .values({
        id: randomUUID(),
        orgId: actor.orgId,
        serviceId,
        type: input.type,
        name: input.name ?? integrationTypes[input.type].label,
        integrationKey: newIntegrationKey(),
        rateLimitPerMinute: input.rate_limit_per_minute ?? null,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, actor, 'integration.create', { type: 'integration', id: integration!.id }, now, { service_id: serviceId, type: input.type });
    return integration!;
  });
}

export async function updateIntegration(deps: Deps, directory: IntegrationDirectory, actor: Actor, id: string, changes: { name?: string; rate_limit_per_minute?: number | null }) {
  const integration = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .update(integrations)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.rate_limit_per_minute !== undefined && { rateLimitPerMinute: changes.rate_limit_per_minute }),
      })
      .where(and(eq(integrations.id, id), eq(integrations.orgId, actor.orgId)))
      .returning();
    if (!row) throw notFound('Integration');
    await recordAudit(tx, actor, 'integration.update', { type: 'integration', id }, now, { ...changes });
    return row;
  });
  directory.forget(integration.integrationKey);
  return integration;
}

export async function deleteIntegration(deps: Deps, directory: IntegrationDirectory, actor: Actor, id: string) {
  const key = await deps.store.write(async (tx) => {
    const [row] = await tx.delete(integrations).where(and(eq(integrations.id, id), eq(integrations.orgId, actor.orgId))).returning({ key: integrations.integrationKey });
    if (!row) throw notFound('Integration');
    await recordAudit(tx, actor, 'integration.delete', { type: 'integration', id }, deps.clock.now());
    return row.key;
  });
  directory.forget(key);
}
