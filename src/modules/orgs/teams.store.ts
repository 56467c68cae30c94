import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../ports/store.ts';
import type { TeamMember } from './teams.presenters.ts';
import { teamMembers } from './teams.tables.ts';
import { users } from './orgs.tables.ts';

/** The members of the organisation's teams named, by team id, each list by name: one query. */
export async function loadMembers(executor: Executor, orgId: string, teamIds: readonly string[]): Promise<Map<string, TeamMember[]>> {
  const byTeam = new Map<string, TeamMember[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const rows = await executor
    .select({ teamId: teamMembers.teamId, id: users.id, name: users.name, email: users.email, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.orgId, orgId), inArray(teamMembers.teamId, [...teamIds])))
    .orderBy(asc(users.name), asc(users.id));
  for (const { teamId, ...member } of rows) byTeam.get(teamId)?.push(member);
  return byTeam;
}

/** Whether the user manages the team (managers change it as admins do). */
export async function managesTeam(executor: Executor, orgId: string, teamId: string, userId: string): Promise<boolean> {
  const [row] = await executor
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId), eq(teamMembers.orgId, orgId)));
  return row?.role === 'manager';
}
