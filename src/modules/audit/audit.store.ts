import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor, Transaction } from '../../ports/store.ts';
import type { Actor } from '../orgs/actor.ts';
import { auditLog } from './audit.tables.ts';

export interface AuditTarget {
  type: string;
  id: string | null;
}

/** Every mutating API call writes one row, inside the transaction of the change it records. */
export async function recordAudit(
  tx: Transaction,
  actor: Actor,
  action: string,
  target: AuditTarget,
  now: Date,
  details?: Record<string, unknown>,
): Promise<void> {
  await tx.insert(auditLog).values({
    orgId: actor.orgId,
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: target.type,
    targetId: target.id,
    ip: actor.ip,
    requestId: actor.requestId,
    details: details ?? null,
    createdAt: now,
  });
}

export function listAudit(db: Executor, orgId: string, limit: number, beforeId?: number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), beforeId === undefined ? undefined : lt(auditLog.id, beforeId)))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
