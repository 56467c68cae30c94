import type { InferSelectModel } from 'drizzle-orm';
import type { auditLog } from '../audit/audit.tables.ts';
import type { apiKeys, users } from './orgs.tables.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentUser(user: InferSelectModel<typeof users>) {
  return { id: user.id, email: user.email, name: user.name, role: user.role, organization_id: user.orgId, created_at: user.createdAt.toISOString() };
}

export function presentApiKey(key: Omit<InferSelectModel<typeof apiKeys>, 'tokenHash' | 'orgId' | 'userId'>) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.tokenPrefix,
    created_at: key.createdAt.toISOString(),
    last_used_at: iso(key.lastUsedAt),
    revoked_at: iso(key.revokedAt),
  };
}

export function presentAuditEntry(entry: InferSelectModel<typeof auditLog>) {
  return {
    id: entry.id,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    ip: entry.ip,
    request_id: entry.requestId,
    details: entry.details,
    created_at: entry.createdAt.toISOString(),
  };
}
