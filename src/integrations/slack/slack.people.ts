import { and, eq, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Deps } from '../../app/deps.ts';
import type { Role } from '../../modules/orgs/actor.ts';
import { users } from '../../modules/orgs/orgs.tables.ts';
import { INTERACTIVE_TIMEOUT_MS, type SlackConnection, slackClient } from './slack.client.ts';

export interface VigilPerson {
  id: string;
  name: string;
  role: Role;
}

/** Slack profiles change rarely; an e-mail found is kept 10 minutes, a missing one 1 minute (being fixed). */
const FOUND_TTL_MS = 10 * 60_000;
const MISSING_TTL_MS = 60_000;

/**
 * Who a Slack user is in Vigil: the user of the same organisation with the e-mail address of their Slack
 * profile (users.info, which needs the users:read.email scope). Addresses are cached per workspace and user.
 */
export class SlackPeople {
  private readonly emails = new LRUCache<string, { email: string | null }>({ max: 10_000, ttl: FOUND_TTL_MS });

  constructor(private readonly deps: Deps) {}

  async vigilUser(connection: SlackConnection, slackUserId: string): Promise<VigilPerson | undefined> {
    const email = await this.emailOf(connection, slackUserId);
    if (!email) return undefined;
    const [user] = await this.deps.store.db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(and(eq(users.orgId, connection.orgId), sql`lower(${users.email}) = ${email.toLowerCase()}`));
    return user;
  }

  private async emailOf(connection: SlackConnection, slackUserId: string): Promise<string | null> {
    const key = `${connection.orgId}:${connection.teamId}:${slackUserId}`;
    const cached = this.emails.get(key);
    if (cached) return cached.email;
    const answer = await slackClient(this.deps, connection.botToken, INTERACTIVE_TIMEOUT_MS).users.info({ user: slackUserId });
    const email = answer.user?.profile?.email?.trim() || null;
    this.emails.set(key, { email }, { ttl: email ? FOUND_TTL_MS : MISSING_TTL_MS });
    return email;
  }
}

/** Told to a Slack user Vigil does not know. */
export const howToLink = (teamName: string) =>
  `Vigil does not know who you are: no member of this Vigil organisation has the e-mail address of your Slack profile. ` +
  `Ask an admin of your Vigil organisation to add you with the address your ${teamName} Slack profile shows (or change it in Slack), then try again.`;
