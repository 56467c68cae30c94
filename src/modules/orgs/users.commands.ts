import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { incidentEscalations } from '../oncall/oncall.tables.ts';
import { changingOncalls } from '../oncall/oncalls.cache.ts';
import { releaseFromOncall } from '../oncall/user-release.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import type { Actor, Role } from './actor.ts';
import { credentialsChanged } from './credentials-cache.ts';
import { apiKeys, sessions, users } from './orgs.tables.ts';
import { hashPassword, verifyPassword } from './secrets.ts';

export interface UserChanges {
  name?: string;
  role?: Role;
}

/** Admins change anyone's name and role; the routes let other users change their own name only. */
export async function updateUser(deps: Deps, actor: Actor, id: string, changes: UserChanges) {
  let credentials: string[] = [];
  const updated = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const admins = changes.role === undefined ? [] : await lockAdmins(tx, actor.orgId);
    const current = await lockUser(tx, actor.orgId, id);
    if (current.role === 'admin' && changes.role !== undefined && changes.role !== 'admin' && !admins.some((admin) => admin !== id)) {
      throw conflict('This is the last admin of the organisation; make someone else an admin first.');
    }
    const [user] = await tx
      .update(users)
      .set({ ...(changes.name !== undefined && { name: changes.name }), ...(changes.role !== undefined && { role: changes.role }), updatedAt: now })
      .where(eq(users.id, id))
      .returning();
    const roleChange = changes.role !== undefined && changes.role !== current.role ? { role: { from: current.role, to: changes.role } } : {};
    await recordAudit(tx, actor, 'user.update', { type: 'user', id }, now, { changed: Object.keys(changes), ...(changes.name !== undefined && { name: changes.name }), ...roleChange });
    // Their keys and sessions carry the role: cached ones must be read again.
    if ('role' in roleChange) credentials = await credentialsOfUser(tx, actor.orgId, id);
    return user!;
  });
  await credentialsChanged(deps, credentials);
  return updated;
}

/** The token hashes of a user's live API keys and sessions. */
async function credentialsOfUser(tx: Transaction, orgId: string, userId: string): Promise<string[]> {
  const keys = await tx.select({ tokenHash: apiKeys.tokenHash }).from(apiKeys).where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  const userSessions = await tx.select({ tokenHash: sessions.tokenHash }).from(sessions).where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId)));
  return [...keys, ...userSessions].map((row) => row.tokenHash);
}

/**
 * Removes a user the way PagerDuty does: refused (409) while they are assigned open incidents, or are the only
 * person of a schedule layer or the only target of an escalation level (those would page nobody); otherwise they
 * leave every schedule layer and escalation level they were in, and their overrides, sessions, API keys, contact
 * methods, notification rules, team memberships and calendar feed go with them. The audit log keeps their id.
 */
export async function deleteUser(deps: Deps, actor: Actor, id: string) {
  if (id === actor.userId) throw conflict('You cannot delete yourself; another admin can.');
  const credentials = await changingOncalls(
    deps,
    actor.orgId,
    deps.store.write(async (tx) => {
      const now = deps.clock.now();
      const admins = await lockAdmins(tx, actor.orgId);
      const user = await lockUser(tx, actor.orgId, id);
      if (user.role === 'admin' && !admins.some((admin) => admin !== id)) throw conflict('This is the last admin of the organisation.');
      await assertNoOpenIncidents(tx, actor.orgId, id);
      const released = await releaseFromOncall(tx, actor, id, now);
      const ended = await tx.delete(sessions).where(eq(sessions.userId, id)).returning({ id: sessions.id, tokenHash: sessions.tokenHash });
      const keys = await tx
        .delete(apiKeys)
        .where(and(eq(apiKeys.userId, id), sql`${apiKeys.revokedAt} is null`))
        .returning({ id: apiKeys.id, tokenHash: apiKeys.tokenHash });
      await tx.delete(users).where(eq(users.id, id));
      await recordAudit(tx, actor, 'user.delete', { type: 'user', id }, now, {
        email: user.email,
        name: user.name,
        role: user.role,
        sessions_ended: ended.length,
        api_keys_revoked: keys.length,
        ...released,
      });
      return [...ended, ...keys].map((row) => row.tokenHash);
    }),
  );
  await credentialsChanged(deps, credentials);
}

/** Sets a new password once the current one is given; every other browser session of the user ends. */
export async function changePassword(deps: Deps, actor: Actor, input: { current_password: string; new_password: string }) {
  const [user] = await deps.store.db.select({ passwordHash: users.passwordHash }).from(users).where(and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)));
  if (!user) throw notFound('User');
  if (!(await verifyPassword(user.passwordHash, input.current_password))) {
    throw new AppError('forbidden', 'current_password: is not your current password', [{ field: 'current_password', message: 'is not your current password' }]);
  }
  if (input.new_password === input.current_password) {
    throw new AppError('validation_failed', 'new_password: must differ from the current password', [{ field: 'new_password', message: 'must differ from the current password' }]);
  }
  const passwordHash = await hashPassword(input.new_password);
  const changed = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, actor.userId));
    const others = actor.sessionId === undefined ? undefined : ne(sessions.id, actor.sessionId);
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, actor.userId), others))
      .returning({ id: sessions.id, tokenHash: sessions.tokenHash });
    await recordAudit(tx, actor, 'user.password_change', { type: 'user', id: actor.userId }, now, { sessions_ended: ended.length });
    return { sessionsEnded: ended.length, ended: ended.map((row) => row.tokenHash) };
  });
  await credentialsChanged(deps, changed.ended);
  return { sessionsEnded: changed.sessionsEnded };
}

/**
 * The organisation's admins, locked in id order: every change that could leave it without one takes these
 * locks first, so two admins demoting or deleting each other at once cannot both succeed.
 */
async function lockAdmins(tx: Transaction, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'admin')))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((row) => row.id);
}

async function lockUser(tx: Transaction, orgId: string, id: string) {
  const [user] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.orgId, orgId)))
    .for('update');
  if (!user) throw notFound('User');
  return user;
}

const OPEN_INCIDENTS_NAMED = 10;

async function assertNoOpenIncidents(tx: Transaction, orgId: string, userId: string): Promise<void> {
  // Lateral with a limit: one primary-key probe per open incident of the organisation, never a scan of every
  // escalation (assignees has no index of its own).
  const assigned = tx
    .select({ incidentId: incidentEscalations.incidentId })
    .from(incidentEscalations)
    .where(and(eq(incidentEscalations.incidentId, incidents.id), sql`${incidentEscalations.assignees} @> ${JSON.stringify([userId])}::jsonb`))
    .limit(1)
    .as('assigned');
  const open = await tx
    .select({ number: incidents.number })
    .from(incidents)
    .innerJoinLateral(assigned, sql`true`)
    .where(and(eq(incidents.orgId, orgId), sql`${incidents.status} in ('triggered', 'acknowledged')`))
    .orderBy(asc(incidents.number))
    .limit(OPEN_INCIDENTS_NAMED);
  if (open.length === 0) return;
  const numbers = open.map((row) => `#${row.number}`).join(', ');
  throw conflict(`The user is assigned open incident${open.length > 1 ? 's' : ''} ${numbers}${open.length === OPEN_INCIDENTS_NAMED ? ' and maybe more' : ''}; reassign or resolve them first.`);
}
