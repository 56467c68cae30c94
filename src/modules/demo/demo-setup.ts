import type { Deps } from '../../app/deps.ts';
import type { Actor } from '../orgs/actor.ts';
import { createPolicy } from '../oncall/escalation-policies.commands.ts';
import type { EscalationLevel } from '../oncall/oncall.tables.ts';
import { oncallAt } from '../oncall/oncall-at.ts';
import type { Schedule } from '../oncall/schedule.ts';
import { createOverride, createSchedule } from '../oncall/schedules.commands.ts';
import { scheduleOf } from '../oncall/schedules.store.ts';
import { checkIntegrationType, createIntegration, createMaintenanceWindow, createService } from '../services/services.commands.ts';
import { depsAt, quietly } from './demo-deps.ts';
import { createDemoUsers } from './demo-people.ts';
import { searchMaintenance } from './demo-plan.ts';
import { demoServices, type PolicyKey } from './demo-services.ts';
import { demoPolicies, demoSchedules, type ScheduleKey, type UserKey } from './demo-team.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** What the incidents hang on, by the demo's keys. */
export interface DemoOrganisation {
  serviceIds: Map<string, string>;
  userIds: Map<UserKey, string>;
  scheduleIds: Map<ScheduleKey, string>;
  /** By schedule id, overrides included: who was on call when. */
  schedules: Map<string, Schedule>;
  policies: Map<PolicyKey, { id: string; levels: EscalationLevel[] }>;
}

/**
 * Services with an integration each (no escalation policy yet: see the seeding), Search's maintenance windows,
 * the people, their schedules with an override, and the policies. Set up four weeks before `now` (the audit
 * rows say so too); the override and the upcoming window are made now.
 */
export async function setUpOrganisation(deps: Deps, actor: Actor, now: Date): Promise<DemoOrganisation> {
  const setup = depsAt(deps, new Date(now.getTime() - 28 * DAY));
  const quiet = quietly(deps);
  const serviceIds = new Map<string, string>();
  for (const demo of demoServices) {
    const service = await createService(setup, actor, { name: demo.name, description: demo.description, urgency: demo.urgency });
    await createIntegration(setup, actor, service.id, checkIntegrationType(demo.integration.type), { name: demo.integration.name });
    serviceIds.set(demo.key, service.id);
  }
  const searchId = serviceIds.get('search')!;
  const maintenance = searchMaintenance(now);
  await createMaintenanceWindow(depsAt(deps, new Date(maintenance.past.start.getTime() - 2 * DAY)), actor, searchId, windowInput('OpenSearch 2.13 rolling upgrade', maintenance.past));
  await createMaintenanceWindow(quiet, actor, searchId, windowInput('Reindex with the new analyser', maintenance.upcoming));

  const userIds = await createDemoUsers(setup, actor);
  const user = (key: UserKey) => userIds.get(key)!;
  const scheduleIds = new Map<ScheduleKey, string>();
  const schedules = new Map<string, Schedule>();
  for (const demo of demoSchedules(now, user)) {
    const row = await createSchedule(setup, actor, { name: demo.name, description: demo.description, time_zone: demo.time_zone, layers: demo.layers });
    scheduleIds.set(demo.key, row.id);
    schedules.set(row.id, scheduleOf(row, []));
  }
  await coverPrimary(quiet, actor, scheduleIds.get('primary')!, schedules, now);

  const policies = new Map<PolicyKey, { id: string; levels: EscalationLevel[] }>();
  for (const demo of demoPolicies((key) => scheduleIds.get(key)!, user)) {
    policies.set(demo.key, await createPolicy(setup, actor, { name: demo.name, description: demo.description, repeat_count: demo.repeat_count, levels: demo.levels }));
  }
  return { serviceIds, userIds, scheduleIds, schedules, policies };
}

/** An override on the primary rotation from two hours ago until tomorrow: someone covering a colleague's shift. */
async function coverPrimary(deps: Deps, actor: Actor, scheduleId: string, schedules: Map<string, Schedule>, now: Date): Promise<void> {
  const schedule = schedules.get(scheduleId)!;
  const [onCall] = oncallAt(schedule, now);
  const cover = schedule.layers[0]!.users.find((id) => id !== onCall)!;
  const start = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 2 * HOUR);
  const override = await createOverride(deps, actor, scheduleId, { user_id: cover, start, end: new Date(start.getTime() + 26 * HOUR) });
  schedules.set(scheduleId, { ...schedule, overrides: [{ userId: override.userId, start: override.start, end: override.end }] });
}

function windowInput(description: string, window: { start: Date; end: Date }) {
  return { description, start: window.start.toISOString(), end: window.end.toISOString() };
}
