import type { Executor } from '../../ports/store.ts';
import { oncallAt } from './oncall-at.ts';
import type { EscalationTarget } from './oncall.tables.ts';
import { loadSchedules, loadUsers, type UserRef } from './schedules.store.ts';

/**
 * Who an escalation level's targets page at `at`: user targets themselves, schedule targets whoever is on
 * call in them then (overrides included). Distinct users (id, name, e-mail) in target order, only users of
 * the organisation; targets that no longer exist are skipped. Set-based, for use inside the caller's
 * transaction: one query for the schedules, one for their overrides, one for the users, however many targets.
 */
export async function usersOnCall(executor: Executor, orgId: string, targets: readonly EscalationTarget[], at: Date): Promise<UserRef[]> {
  const scheduleIds = targets.filter((target) => target.type === 'schedule').map((target) => target.id);
  // Only overrides covering `at` matter to who is on call at that instant.
  const loaded = await loadSchedules(executor, orgId, scheduleIds, at, new Date(at.getTime() + 1));
  const candidates: string[] = [];
  for (const target of targets) {
    if (target.type === 'user') candidates.push(target.id);
    else {
      const schedule = loaded.get(target.id)?.schedule;
      if (schedule) candidates.push(...oncallAt(schedule, at));
    }
  }
  const known = await loadUsers(executor, orgId, candidates);
  return [...new Set(candidates)].flatMap((id) => known.get(id) ?? []);
}
