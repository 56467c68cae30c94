import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { incidentLog, incidents } from '../../modules/incidents/incidents.tables.ts';
import { incidentUrl } from '../../modules/notify/delivery.handler.ts';
import { incidentEscalations } from '../../modules/oncall/oncall.tables.ts';
import { apiKeys, users } from '../../modules/orgs/orgs.tables.ts';
import { services } from '../../modules/services/services.tables.ts';
import type { IncidentCard } from './slack.blocks.ts';
import { slackIncidentChannels } from './slack.tables.ts';

type Db = Deps['store']['db'];

/** Who wrote the latest timeline entry of this type: a person's name, or what the entry says (an integration). */
async function latestActor(db: Db, orgId: string, incidentId: string, type: 'acknowledged' | 'resolved'): Promise<string | null> {
  const [entry] = await db
    .select({ actorType: incidentLog.actorType, actorId: incidentLog.actorId, message: incidentLog.message })
    .from(incidentLog)
    .where(and(eq(incidentLog.orgId, orgId), eq(incidentLog.incidentId, incidentId), eq(incidentLog.type, type)))
    .orderBy(desc(incidentLog.id))
    .limit(1);
  if (!entry) return null;
  if (entry.actorId && (entry.actorType === 'user' || entry.actorType === 'api_key')) {
    const [person] =
      entry.actorType === 'user'
        ? await db.select({ name: users.name }).from(users).where(and(eq(users.id, entry.actorId), eq(users.orgId, orgId)))
        : await db.select({ name: users.name }).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).where(and(eq(apiKeys.id, entry.actorId), eq(apiKeys.orgId, orgId)));
    if (person) return person.name;
  }
  // "Acknowledged through Alertmanager", "Resolved: its last open alert resolved"
  return entry.actorType === 'integration' ? entry.message.replace(/^(Acknowledged|Resolved)[:\s]*/, '').trim() || 'an integration' : null;
}

/** The incident as its Slack messages show it now; undefined when it is gone. */
export async function loadIncidentCard(deps: Pick<Deps, 'store' | 'publicUrl'>, orgId: string, incidentId: string): Promise<IncidentCard | undefined> {
  const db = deps.store.db;
  const [row] = await db
    .select({ incident: incidents, serviceName: services.name, assignees: incidentEscalations.assignees, channelId: slackIncidentChannels.channelId })
    .from(incidents)
    .leftJoin(services, and(eq(services.id, incidents.serviceId), eq(services.orgId, incidents.orgId)))
    .leftJoin(incidentEscalations, eq(incidentEscalations.incidentId, incidents.id))
    .leftJoin(slackIncidentChannels, eq(slackIncidentChannels.incidentId, incidents.id))
    .where(and(eq(incidents.id, incidentId), eq(incidents.orgId, orgId)));
  if (!row) return undefined;
  const { incident } = row;
  const assigneeIds = row.assignees ?? [];
  const names = assigneeIds.length > 0 ? await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.orgId, orgId), inArray(users.id, assigneeIds))) : [];
  const nameOf = new Map(names.map((user) => [user.id, user.name]));
  return {
    id: incident.id,
    number: incident.number,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    urgency: incident.urgency,
    serviceName: row.serviceName ?? 'a deleted service',
    url: incidentUrl(deps.publicUrl(), incident.id),
    acknowledgedBy: incident.status === 'triggered' ? null : await latestActor(db, orgId, incident.id, 'acknowledged'),
    resolvedBy: incident.status === 'resolved' ? await latestActor(db, orgId, incident.id, 'resolved') : null,
    assignees: assigneeIds.flatMap((id) => nameOf.get(id) ?? []),
    incidentChannelId: row.channelId ?? null,
  };
}
