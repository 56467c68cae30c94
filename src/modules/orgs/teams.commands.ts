import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { conflict, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { services } from '../services/services.tables.ts';
import type { Actor } from './actor.ts';
import { users } from './orgs.tables.ts';
import { type TeamRole, teamMembers, teams } from './teams.tables.ts';

export function createTeam(deps: Deps, actor: Actor, input: { name: string; description?: string | undefined }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await assertNameFree(tx, actor.orgId, input.name);
    const [team] = await tx
      .insert(teams)
      .values({ id: randomUUID(), orgId: actor.orgId, name: input.name, description: input.description ?? '', createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, actor, 'team.create', { type: 'team', id: team!.id }, now, { name: input.name });
    return team!;
  });
}

export function updateTeam(deps: Deps, actor: Actor, id: string, changes: { name?: string | undefined; description?: string | undefined }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    if (changes.name !== undefined) await assertNameFree(tx, actor.orgId, changes.name, id);
    const [team] = await tx
      .update(teams)
      .set({ ...(changes.name !== undefined && { name: changes.name }), ...(changes.description !== undefined && { description: changes.description }), updatedAt: now })
      .where(and(eq(teams.id, id), eq(teams.orgId, actor.orgId)))
      .returning();
    if (!team) throw notFound('Team');
    await recordAudit(tx, actor, 'team.update', { type: 'team', id }, now, { ...changes });
    return team;
  });
}

/** Its members leave it; services it owned keep running without a team. */
export function deleteTeam(deps: Deps, actor: Actor, id: string) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const owned = await tx
      .update(services)
      .set({ teamId: null, updatedAt: now })
      .where(and(eq(services.orgId, actor.orgId), eq(services.teamId, id)))
      .returning({ id: services.id });
    const [team] = await tx
      .delete(teams)
      .where(and(eq(teams.id, id), eq(teams.orgId, actor.orgId)))
      .returning({ name: teams.name });
    if (!team) throw notFound('Team');
    await recordAudit(tx, actor, 'team.delete', { type: 'team', id }, now, { name: team.name, services_unassigned: owned.map((row) => row.id) });
  });
}

/** Adds the user to the team, or changes their role in it. */
export function putMember(deps: Deps, actor: Actor, teamId: string, userId: string, role: TeamRole) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await lockTeam(tx, actor.orgId, teamId);
    // Shared lock: a deletion of the user meanwhile either goes first (404 here) or waits and takes the membership along.
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.orgId, actor.orgId)))
      .for('share');
    if (!user) throw notFound('User');
    await tx
      .insert(teamMembers)
      .values({ teamId, userId, orgId: actor.orgId, role, createdAt: now })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } });
    await tx.update(teams).set({ updatedAt: now }).where(eq(teams.id, teamId));
    await recordAudit(tx, actor, 'team.member.put', { type: 'team', id: teamId }, now, { user_id: userId, role });
  });
}

export function removeMember(deps: Deps, actor: Actor, teamId: string, userId: string) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await lockTeam(tx, actor.orgId, teamId);
    const [member] = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), eq(teamMembers.orgId, actor.orgId)))
      .returning({ userId: teamMembers.userId });
    if (!member) throw notFound('Team member');
    await tx.update(teams).set({ updatedAt: now }).where(eq(teams.id, teamId));
    await recordAudit(tx, actor, 'team.member.remove', { type: 'team', id: teamId }, now, { user_id: userId });
  });
}

async function lockTeam(tx: Transaction, orgId: string, id: string) {
  const [team] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.id, id), eq(teams.orgId, orgId)))
    .for('update');
  if (!team) throw notFound('Team');
}

async function assertNameFree(tx: Transaction, orgId: string, name: string, exceptId?: string) {
  const [existing] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), eq(teams.name, name)));
  if (existing && existing.id !== exceptId) throw conflict(`A team named ${JSON.stringify(name)} already exists.`);
}
