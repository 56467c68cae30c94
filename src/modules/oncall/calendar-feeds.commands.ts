import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { tokenHash } from '../orgs/secrets.ts';
import { calendarFeeds, schedules } from './oncall.tables.ts';
import { loadUsers } from './schedules.store.ts';

export type FeedKind = 'schedule' | 'user';

/** The public address of a feed: the token is the only secret, so anyone holding the URL can subscribe. */
const calendarFeedUrl = (publicUrl: string, token: string) => `${publicUrl}/calendars/${token}.ics`;

/**
 * Makes the schedule's or the user's secret feed URL, or a new one in place of the old, which stops working
 * at once. Only a hash of the token is kept, so the URL is shown once, in this answer.
 */
export async function issueCalendarFeed(deps: Deps, actor: Actor, kind: FeedKind, subjectId: string): Promise<string> {
  // 256 random bits; base64url is safe in a path and has no "." to confuse with the .ics suffix.
  const token = randomBytes(32).toString('base64url');
  await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    if (kind === 'schedule') {
      const [schedule] = await tx.select({ id: schedules.id }).from(schedules).where(and(eq(schedules.id, subjectId), eq(schedules.orgId, actor.orgId)));
      if (!schedule) throw notFound('Schedule');
    } else if (!(await loadUsers(tx, actor.orgId, [subjectId])).has(subjectId)) {
      throw notFound('User');
    }
    const subject = and(eq(calendarFeeds.orgId, actor.orgId), eq(calendarFeeds.kind, kind), eq(calendarFeeds.subjectId, subjectId));
    const [rotated] = await tx.update(calendarFeeds).set({ tokenHash: tokenHash(token), createdAt: now }).where(subject).returning({ id: calendarFeeds.id });
    const id = rotated?.id ?? randomUUID();
    if (!rotated) await tx.insert(calendarFeeds).values({ id, orgId: actor.orgId, kind, subjectId, tokenHash: tokenHash(token), createdAt: now });
    await recordAudit(tx, actor, rotated ? 'calendar_feed.rotate' : 'calendar_feed.create', { type: 'calendar_feed', id }, now, { kind, subject_id: subjectId });
  });
  return calendarFeedUrl(deps.publicUrl(), token);
}
