import { count, eq, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { overviewsChanged } from '../analytics/overview.cache.ts';
import { createIncident } from '../incidents/incidents.commands.ts';
import type { Actor } from '../orgs/actor.ts';
import { organizations } from '../orgs/orgs.tables.ts';
import { oncallsCache } from '../oncall/oncalls.cache.ts';
import { updateService } from '../services/services.commands.ts';
import { services } from '../services/services.tables.ts';
import { inOneTransaction, quietly } from './demo-deps.ts';
import { type ReplayContext, replayIncident } from './demo-incidents.ts';
import { actorFor, firstResponder } from './demo-people.ts';
import { type PlannedIncident, planOpenIncidents, planPastIncidents } from './demo-plan.ts';
import { demoServices } from './demo-services.ts';
import { setUpOrganisation } from './demo-setup.ts';

/** Serialises demo set-ups across processes (an advisory lock, held to the end of the set-up transaction). */
const DEMO_SETUP_LOCK = 0x64656d6f;

export interface DemoSummary {
  services: number;
  users: number;
  schedules: number;
  escalation_policies: number;
  incidents: number;
}

/**
 * Seeds the organisation of `actor` with a demo through the same commands the API runs (rows, audit log,
 * timeline and outbox alike): services, people, schedules, policies and three weeks of incidents, in about
 * twenty-five transactions (the set-up, one per day of incidents, the present). Refused (409) when the
 * organisation has services already.
 *
 * Paging: the past is replayed before any service has an escalation policy, so none of it escalates or
 * notifies anyone now. Only the one incident opened now (on Checkout API) escalates, as any incident would:
 * it pages the demo people on call, whose e-mail addresses are on a reserved `.example` domain.
 */
export async function seedDemo(deps: Deps, actor: Actor, seed: number): Promise<DemoSummary> {
  const now = deps.clock.now();
  const org = await inOneTransaction(deps, async (joined) => {
    // One set-up at a time: a second seeding of the organisation waits, then finds the services of the first,
    // and two organisations seeded at once do not both find the demo's e-mail domain free.
    await joined.store.db.execute(sql`select pg_advisory_xact_lock(${DEMO_SETUP_LOCK})`);
    const [organization] = await joined.store.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, actor.orgId));
    if (!organization) throw notFound('Organisation');
    const [existing] = await joined.store.db.select({ n: count() }).from(services).where(eq(services.orgId, actor.orgId));
    if ((existing?.n ?? 0) > 0) throw conflict('This organisation has services already; demo data goes only into an organisation without any.');
    return setUpOrganisation(joined, actor, now);
  });
  await oncallsCache(deps).invalidate(actor.orgId);

  const team = [...org.userIds.values()];
  const context: ReplayContext = {
    caller: actor,
    serviceIds: org.serviceIds,
    team,
    responderOf: (incident) => firstResponder(org.policies.get(incident.service.policy)!.levels, org.schedules, team, incident.createdAt, incident.picks[0]),
  };
  const open = planOpenIncidents(now);
  const past = [...planPastIncidents(seed, now), ...open.acknowledged].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const day of byUtcDay(past)) {
    await inOneTransaction(deps, async (joined) => {
      for (const incident of day) await replayIncident(joined, context, incident);
    });
  }

  const summary: DemoSummary = { services: org.serviceIds.size, users: org.userIds.size, schedules: org.scheduleIds.size, escalation_policies: org.policies.size, incidents: past.length + 1 };
  await inOneTransaction(quietly(deps), async (joined) => {
    for (const demo of demoServices) await updateService(joined, actor, org.serviceIds.get(demo.key)!, { escalation_policy_id: org.policies.get(demo.policy)!.id });
    // The one incident of the present: its escalation starts and pages whoever is on call, as any would.
    await createIncident(joined, actorFor(actor, org.userIds.get('amara')!), {
      service_id: org.serviceIds.get(open.triggered.service.key)!,
      title: open.triggered.title,
      severity: open.triggered.severity,
      details: 'support reports checkouts hanging on the payment step',
    });
    await joined.store.write((tx) => recordAudit(tx, actor, 'demo.seeded', { type: 'organization', id: actor.orgId }, joined.clock.now(), { seed, ...summary }));
  });
  // The commands above dropped the cached overviews inside transactions not yet committed; an overview read
  // meanwhile would be cached without the demo's incidents, so drop them again now that every one has.
  await overviewsChanged(deps.cache, actor.orgId);
  deps.kickEngine();
  return summary;
}

function byUtcDay(incidents: PlannedIncident[]): PlannedIncident[][] {
  const days = new Map<string, PlannedIncident[]>();
  for (const incident of incidents) {
    const day = incident.createdAt.toISOString().slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), incident]);
  }
  return [...days.values()];
}
