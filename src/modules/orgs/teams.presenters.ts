import type { InferSelectModel } from 'drizzle-orm';
import type { TeamRole, teams } from './teams.tables.ts';

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: TeamRole;
}

export function presentTeam(team: InferSelectModel<typeof teams>, members: readonly TeamMember[]) {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    members: members.map((member) => ({ id: member.id, name: member.name, email: member.email, role: member.role })),
    created_at: team.createdAt.toISOString(),
    updated_at: team.updatedAt.toISOString(),
  };
}
