import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { createContactMethod } from '../notify/notify.commands.ts';
import type { Actor } from '../orgs/actor.ts';
import { createUser } from '../orgs/orgs.commands.ts';
import { users } from '../orgs/orgs.tables.ts';
import { oncallAt } from '../oncall/oncall-at.ts';
import type { EscalationLevel } from '../oncall/oncall.tables.ts';
import type { Schedule } from '../oncall/schedule.ts';
import { demoUsers, type UserKey } from './demo-team.ts';

const DOMAIN = 'acme.example';

/**
 * E-mail addresses are unique across the instance, so a second demo organisation gets a domain of its own.
 * Either way a reserved `.example` domain: mail to the demo people reaches nobody.
 */
async function demoDomain(deps: Deps, orgId: string): Promise<string> {
  const [taken] = await deps.store.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) like ${`%@${DOMAIN}`}`)
    .limit(1);
  return taken ? `acme-${orgId.slice(0, 8)}.example` : DOMAIN;
}

/** The demo's people, as responders with a random password (they are there to be on call, not to sign in). */
export async function createDemoUsers(deps: Deps, actor: Actor): Promise<Map<UserKey, string>> {
  const domain = await demoDomain(deps, actor.orgId);
  const ids = new Map<UserKey, string>();
  for (const [index, person] of demoUsers.entries()) {
    const email = `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@${domain}`;
    const user = await createUser(deps, actor, { email, name: person.name, role: 'responder', password: randomBytes(18).toString('base64url') });
    // A Slack contact method to show, with no notification rule using it: paging stays on their (unreachable) e-mail.
    await createContactMethod(deps, actor, user.id, { type: 'slack', address: `U0DEMO${index + 1}`, label: 'Slack DM' });
    ids.set(person.key, user.id);
  }
  return ids;
}

/** The demo person acting: each of them acknowledges, notes and resolves as themselves. */
export function actorFor(caller: Actor, userId: string): Actor {
  return { orgId: caller.orgId, type: 'user', id: userId, userId, role: 'responder', ip: caller.ip, requestId: caller.requestId };
}

/**
 * Who a policy would have paged first at `at`: the first level with someone on call. `pick` chooses among
 * everyone when nobody is (it does not happen with the demo's policies, but a guess beats a failure).
 */
export function firstResponder(levels: EscalationLevel[], schedules: ReadonlyMap<string, Schedule>, team: readonly string[], at: Date, pick: number): string {
  for (const level of levels) {
    for (const target of level.targets) {
      if (target.type === 'user') return target.id;
      const schedule = schedules.get(target.id);
      const [userId] = schedule ? oncallAt(schedule, at) : [];
      if (userId) return userId;
    }
  }
  return team[Math.floor(pick * team.length)]!;
}

/** Someone of the team other than `userId`. */
export function someoneElse(team: readonly string[], userId: string, pick: number): string {
  const others = team.filter((id) => id !== userId);
  return others[Math.floor(pick * others.length)] ?? userId;
}
