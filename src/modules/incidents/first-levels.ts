import type { SQL } from 'drizzle-orm';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import type { Transaction } from '../../ports/store.ts';
import { nextPosition } from '../oncall/escalation.ts';
import { type EnterLevel, findStepPeople, type JobsWithNotifications, NOTIFICATION_COLUMNS, type NotificationRow, planLevelEntries, scheduled, type StepIncident } from '../oncall/level-entries.ts';
import type { escalationPolicies } from '../oncall/oncall.tables.ts';

export type FirstLevelPolicy = Pick<typeof escalationPolicies.$inferSelect, 'id' | 'levels' | 'repeatCount'>;

/**
 * The escalations of incidents this pass opens, already at their first level (what the engine's first pass
 * over them would do, as the same plan: `planLevelEntries`). Spares each page a transaction of the engine's
 * and the wait for it: under a storm, about half the latency from an alert to its notification job.
 */
export async function enterFirstLevels(tx: Transaction, opened: Array<{ incident: StepIncident; policy: FirstLevelPolicy | null; causedBy: string | null }>, now: Date) {
  const started = opened.flatMap(({ incident, policy, causedBy }) => (policy ? [{ incident, policy, causedBy, position: nextPosition({ level: -1, loop: 0 }, { levelCount: policy.levels.length, repeatCount: policy.repeatCount }) }] : []));
  const steps: EnterLevel[] = started.flatMap(({ incident, policy, causedBy, position }) =>
    position ? [{ escalation: { levels: policy.levels, repeatCount: policy.repeatCount, causedBy }, incident, position, actor: { type: 'system', id: null }, kind: 'assigned' }] : [],
  );
  const entries = planLevelEntries(steps, await findStepPeople(tx, steps, now), now);
  const states = new Map(entries.states.map((state) => [state.incident_id, state]));
  const escalations = started.map(({ incident, policy, causedBy }) => {
    // A policy without levels has nothing to enter: its escalation is stopped at once, as the engine would.
    const state = states.get(incident.id) ?? { level: -1, loop: 0, assignees: [], next_escalation_at: null, status: 'stopped' };
    return { incident_id: incident.id, org_id: incident.orgId, policy_id: policy.id, levels: policy.levels, repeat_count: policy.repeatCount, level: state.level, loop: state.loop, status: state.status, next_escalation_at: state.next_escalation_at, assignees: state.assignees, updated_at: now, caused_by: causedBy };
  });
  return { ...entries, escalations };
}

/** The first pages' rows and their jobs' statement, stamped queued now; `wake` once committed. */
export function firstPages(notifications: NotificationRow[], jobsWith: JobsWithNotifications): { statements: Array<SQL | undefined>; wake?: () => void } {
  const jobs = jobsWith(notifications.map(scheduled));
  if (jobs) for (const row of notifications) row.queued_at = jobs.queuedAt;
  return { statements: [bulkInsertStatement('notifications', NOTIFICATION_COLUMNS, notifications), jobs?.statement], ...(jobs && { wake: jobs.wake }) };
}
