import { sql } from 'drizzle-orm';
import { idArray } from '../../adapters/sql-constant.ts';
import type { Executor } from '../../ports/store.ts';
import { oncallAt } from './oncall-at.ts';
import type { EscalationTarget } from './oncall.tables.ts';
import { loadSchedules, uuidsOf } from './schedules.store.ts';

/**
 * Whom an escalation level's targets name at `at`: user targets themselves, schedule targets whoever is on
 * call in them then (overrides included), in target order. Not yet checked against the organisation's users
 * (`onCallIn` does that, with the people `peopleToPage` found): so one query finds the people of a whole batch
 * of steps, with their notification rules. Schedule targets cost one query for the schedules and one for
 * their overrides, however many; user targets none.
 */
export async function namedOnCall(executor: Executor, orgId: string, targets: readonly EscalationTarget[], at: Date): Promise<string[]> {
  const scheduleIds = targets.filter((target) => target.type === 'schedule').map((target) => target.id);
  // Only overrides covering `at` matter to who is on call at that instant.
  const loaded = scheduleIds.length > 0 ? await loadSchedules(executor, orgId, scheduleIds, at, new Date(at.getTime() + 1)) : new Map();
  const named: string[] = [];
  for (const target of targets) {
    if (target.type === 'user') named.push(target.id);
    else {
      const schedule = loaded.get(target.id)?.schedule;
      if (schedule) named.push(...oncallAt(schedule, at));
    }
  }
  return named;
}

interface NotificationRule {
  urgency: string;
  delayMinutes: number;
  contactMethodId: string;
  channel: string;
  address: string;
}

export interface PersonToPage {
  id: string;
  orgId: string;
  name: string;
  rules: NotificationRule[];
}

interface PersonRuleRow extends Record<string, unknown> {
  id: string;
  org_id: string;
  name: string;
  urgency: string | null;
  delay_minutes: number | null;
  contact_method_id: string | null;
  channel: string | null;
  address: string | null;
}

/**
 * The users named, of these organisations, each with their notification rules and the contact methods the
 * rules use: one query (an escalation pass under a storm is a chain of round trips, each waiting its turn).
 */
export async function peopleToPage(executor: Executor, orgIds: Iterable<string>, named: Iterable<string>): Promise<Map<string, PersonToPage>> {
  const ids = uuidsOf(named);
  const orgs = uuidsOf(orgIds);
  const people = new Map<string, PersonToPage>();
  if (ids.length === 0 || orgs.length === 0) return people;
  const result = (await executor.execute(sql`
    select u.id, u.org_id, u.name, r.urgency, r.delay_minutes, c.id as contact_method_id, c.type as channel, c.address
    from users u
      left join notification_rules r on r.org_id = u.org_id and r.user_id = u.id
      left join contact_methods c on c.id = r.contact_method_id and c.org_id = u.org_id
    where u.id = any(${idArray(ids, 'uuid')}) and u.org_id = any(${idArray(orgs, 'uuid')})`)) as unknown as { rows: PersonRuleRow[] };
  for (const row of result.rows) {
    let person = people.get(row.id);
    if (!person) {
      person = { id: row.id, orgId: row.org_id, name: row.name, rules: [] };
      people.set(row.id, person);
    }
    if (row.urgency !== null && row.delay_minutes !== null && row.contact_method_id !== null && row.channel !== null && row.address !== null) {
      person.rules.push({ urgency: row.urgency, delayMinutes: Number(row.delay_minutes), contactMethodId: row.contact_method_id, channel: row.channel, address: row.address });
    }
  }
  return people;
}

/** The named who are users of the organisation, each once, in the order named; names of no such user are skipped. */
export function onCallIn(orgId: string, named: readonly string[], people: ReadonlyMap<string, PersonToPage>): string[] {
  return [...new Set(named)].filter((id) => people.get(id)?.orgId === orgId);
}
