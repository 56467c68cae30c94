import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, invalid, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import type { IntegrationDirectory } from './integration-directory.ts';
import { integrationKind, integrationKinds } from '../../integrations/catalog.ts';
import type { IntegrationKind } from '../../integrations/integration-kind.ts';
import { checkSettings, openSecrets, sealSecrets } from './integration-settings.ts';
import { newIntegrationKey } from './integration-types.ts';
import { escalationPolicies } from '../oncall/oncall.tables.ts';
import { teams } from '../orgs/teams.tables.ts';
import { integrations, maintenanceWindows, services } from './services.tables.ts';
import type { UrgencyRule } from './urgency.ts';

export interface ServiceFields {
  name?: string;
  description?: string;
  status?: 'active' | 'disabled';
  escalation_policy_id?: string | null;
  team_id?: string | null;
  urgency?: UrgencyRule;
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
      teamId: input.team_id ?? null,
      urgency: input.urgency ?? 'high',
      createdAt: now,
      updatedAt: now,
    };
    await assertNameFree(tx, actor.orgId, input.name);
    if (input.escalation_policy_id) await assertPolicyExists(tx, actor.orgId, input.escalation_policy_id);
    if (input.team_id) await assertTeamExists(tx, actor.orgId, input.team_id);
    const [service] = await tx.insert(services).values(values).returning();
    await recordAudit(tx, actor, 'service.create', { type: 'service', id: values.id }, now, { name: input.name });
    return service!;
  });
}

export function updateService(deps: Deps, actor: Actor, id: string, changes: ServiceFields) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    if (changes.name !== undefined) await assertNameFree(tx, actor.orgId, changes.name, id);
    if (changes.escalation_policy_id) await assertPolicyExists(tx, actor.orgId, changes.escalation_policy_id);
    if (changes.team_id) await assertTeamExists(tx, actor.orgId, changes.team_id);
    const [service] = await tx
      .update(services)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.description !== undefined && { description: changes.description }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.escalation_policy_id !== undefined && { escalationPolicyId: changes.escalation_policy_id }),
        ...(changes.team_id !== undefined && { teamId: changes.team_id }),
        ...(changes.urgency !== undefined && { urgency: changes.urgency }),
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
  for (const { key } of keys) await directory.forget(key);
}

async function assertNameFree(tx: Transaction, orgId: string, name: string, exceptId?: string) {
  const [existing] = await tx.select({ id: services.id }).from(services).where(and(eq(services.orgId, orgId), eq(services.name, name)));
  if (existing && existing.id !== exceptId) throw conflict(`A service named ${JSON.stringify(name)} already exists.`);
}

async function assertPolicyExists(tx: Transaction, orgId: string, policyId: string) {
  const [policy] = await tx.select({ id: escalationPolicies.id }).from(escalationPolicies).where(and(eq(escalationPolicies.orgId, orgId), eq(escalationPolicies.id, policyId)));
  if (!policy) throw new AppError('unprocessable', 'No such escalation policy in this organisation.', [{ field: 'escalation_policy_id', message: 'is not an escalation policy of this organisation' }]);
}

/** Shared lock: a team being deleted meanwhile either goes first (and is missing here) or waits for this service. */
async function assertTeamExists(tx: Transaction, orgId: string, teamId: string) {
  const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, teamId))).for('share');
  if (!team) throw new AppError('unprocessable', 'No such team in this organisation.', [{ field: 'team_id', message: 'is not a team of this organisation' }]);
}

/** While a window is in progress the service's triggers open no incident (see the fold). */
export function createMaintenanceWindow(deps: Deps, actor: Actor, serviceId: string, input: { description?: string; start: string; end: string }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [service] = await tx.select({ id: services.id }).from(services).where(and(eq(services.id, serviceId), eq(services.orgId, actor.orgId)));
    if (!service) throw notFound('Service');
    const [window] = await tx
      .insert(maintenanceWindows)
      .values({ id: randomUUID(), orgId: actor.orgId, serviceId, description: input.description ?? '', start: new Date(input.start), end: new Date(input.end), createdAt: now })
      .returning();
    await recordAudit(tx, actor, 'maintenance_window.create', { type: 'maintenance_window', id: window!.id }, now, { service_id: serviceId, start: input.start, end: input.end });
    return window!;
  });
}

/** Ends a window now if it is in progress, or removes it if it has not begun (past windows stay as history). */
export function endMaintenanceWindow(deps: Deps, actor: Actor, serviceId: string, id: string) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [window] = await tx
      .select()
      .from(maintenanceWindows)
      .where(and(eq(maintenanceWindows.id, id), eq(maintenanceWindows.serviceId, serviceId), eq(maintenanceWindows.orgId, actor.orgId)))
      .for('update');
    if (!window) throw notFound('Maintenance window');
    if (window.start > now) await tx.delete(maintenanceWindows).where(eq(maintenanceWindows.id, id));
    else if (window.end > now) await tx.update(maintenanceWindows).set({ end: now }).where(eq(maintenanceWindows.id, id));
    await recordAudit(tx, actor, 'maintenance_window.end', { type: 'maintenance_window', id }, now, { service_id: serviceId });
  });
}

export function checkIntegrationType(type: string): IntegrationKind {
  const kind = integrationKind(type);
  if (kind) return kind;
  throw invalid('type', `must be one of ${[...integrationKinds.keys()].join(', ')}`);
}

export interface IntegrationInput {
  name?: string;
  rate_limit_per_minute?: number;
  settings?: Record<string, unknown>;
}

/** Creates an integration; secrets the type makes up (a webhook secret) come back once, in `generatedSecrets`. */
export function createIntegration(deps: Deps, actor: Actor, serviceId: string, kind: IntegrationKind, input: IntegrationInput) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [service] = await tx.select({ id: services.id }).from(services).where(and(eq(services.id, serviceId), eq(services.orgId, actor.orgId)));
    if (!service) throw notFound('Service');
    const id = randomUUID();
    const generatedSecrets = kind.generateSecrets?.() ?? {};
    const missing = Object.fromEntries(Object.entries(generatedSecrets).filter(([field]) => input.settings?.[field] === undefined));
    const { settings, secrets } = checkSettings(kind, { ...missing, ...input.settings });
    const [integration] = await tx
      .insert(integrations)
      .values({
        id,
        orgId: actor.orgId,
        serviceId,
        type: kind.type,
        name: input.name ?? kind.label,
        integrationKey: newIntegrationKey(),
        rateLimitPerMinute: input.rate_limit_per_minute ?? null,
        settings,
        sealedSecrets: sealSecrets(deps.secrets, secrets, id),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await kind.onSaved?.(tx, { id, orgId: actor.orgId }, now);
    await recordAudit(tx, actor, 'integration.create', { type: 'integration', id }, now, { service_id: serviceId, type: kind.type, settings });
    return { integration: integration!, generatedSecrets: missing };
  });
}

export async function updateIntegration(
  deps: Deps,
  directory: IntegrationDirectory,
  actor: Actor,
  id: string,
  changes: { name?: string; rate_limit_per_minute?: number | null; settings?: Record<string, unknown> },
) {
  const integration = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [current] = await tx
      .select()
      .from(integrations)
      .where(and(eq(integrations.id, id), eq(integrations.orgId, actor.orgId)))
      .for('update');
    if (!current) throw notFound('Integration');
    let settingsChange = {};
    if (changes.settings !== undefined) {
      const kind = checkIntegrationType(current.type);
      const { settings, secrets } = checkSettings(kind, changes.settings, openSecrets(deps.secrets, current.sealedSecrets, id));
      settingsChange = { settings, sealedSecrets: sealSecrets(deps.secrets, secrets, id) };
    }
    const [row] = await tx
      .update(integrations)
      .set({
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.rate_limit_per_minute !== undefined && { rateLimitPerMinute: changes.rate_limit_per_minute }),
        ...settingsChange,
        updatedAt: now,
      })
      .where(eq(integrations.id, id))
      .returning();
    if (changes.settings !== undefined) await checkIntegrationType(current.type).onSaved?.(tx, { id, orgId: actor.orgId }, now);
    const secretFields = checkIntegrationType(current.type).secretFields ?? [];
    const audited = { ...changes, ...(changes.settings && { settings: Object.fromEntries(Object.entries(changes.settings).map(([k, v]) => [k, secretFields.includes(k) ? '[secret]' : v])) }) };
    await recordAudit(tx, actor, 'integration.update', { type: 'integration', id }, now, audited);
    return row!;
  });
  await directory.forget(integration.integrationKey);
  return integration;
}
export async function deleteIntegration(deps: Deps, directory: IntegrationDirectory, actor: Actor, id: string) {
  const key = await deps.store.write(async (tx) => {
    const [row] = await tx.delete(integrations).where(and(eq(integrations.id, id), eq(integrations.orgId, actor.orgId))).returning({ key: integrations.integrationKey });
    if (!row) throw notFound('Integration');
    await recordAudit(tx, actor, 'integration.delete', { type: 'integration', id }, deps.clock.now());
    return row.key;
  });
  await directory.forget(key);
}
