import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { type Cause, causedLog } from '../../lib/cause.ts';
import type { Job, JobHandler } from '../../ports/job-queue.ts';
import type { DomainEvent, Reaction } from '../integration-plugin.ts';
import { incidentChannelName } from './slack.blocks.ts';
import { slackConnected } from './slack.connected.ts';
import { loadConnection, slackClient } from './slack.client.ts';
import { loadIncidentCard } from './slack.incident-card.ts';
import { alreadyPosted, platformError, postIncidentMessage, updateIncidentMessages } from './slack.messages.ts';
import { slackIncidentChannels, slackSubscriptions } from './slack.tables.ts';

export const SLACK_QUEUE = 'slack';

/** Enough for Slack's rate limits (a 429 asks for seconds to a minute) and short outages: ~4 minutes of backoff. */
const MAX_ATTEMPTS = 8;

const postJob = z.object({ org_id: z.uuid(), incident_id: z.uuid(), channel_id: z.string().min(1) });
const incidentJob = z.object({ org_id: z.uuid(), incident_id: z.uuid() });

/** Channel names tried when `inc-<number>-<slug>` is taken (an older installation, a person's channel). */
const NAME_SUFFIXES = ['', '-2', '-3', '-4', '-5'];

/**
 * The Slack queue's jobs. Each reads the incident as it is when it runs, so a retry or a late run converges on
 * the current state; each records what it created before it ends, so a retry does not create it again.
 */
export function slackJobHandler(shared: Deps): JobHandler {
  const slackLog = shared.log.child({ component: 'slack' });
  return async (job: Job) => {
    const log = causedLog(slackLog, job.cause);
    // Lines logged further down (and by the Slack SDK) name the request too.
    const deps = { ...shared, log: causedLog(shared.log, job.cause) };
    const parsed = (job.name === 'post' ? postJob : incidentJob).safeParse(job.data);
    if (!parsed.success) {
      log.error({ jobId: job.id, name: job.name }, 'Slack job with invalid data: dropped');
      return;
    }
    const { org_id: orgId, incident_id: incidentId } = parsed.data;
    const connection = await loadConnection(deps, deps.store.db, orgId);
    if (!connection) {
      log.info({ orgId, incidentId, job: job.name }, 'Slack is no longer connected: nothing to send');
      return;
    }
    const client = slackClient(deps, connection.botToken);
    const card = await loadIncidentCard(deps, orgId, incidentId);
    if (!card) return;

    if (job.name === 'post') {
      const channelId = (parsed.data as z.output<typeof postJob>).channel_id;
      if (await alreadyPosted(deps, orgId, incidentId, channelId, 'channel')) return;
      await postIncidentMessage(deps, client, { orgId, card, channelId, kind: 'channel' });
      log.info({ orgId, incidentId, channelId }, 'incident posted to Slack');
      return;
    }

    if (job.name === 'open-channel') {
      let [existing] = await deps.store.db.select().from(slackIncidentChannels).where(eq(slackIncidentChannels.incidentId, incidentId));
      if (!existing) {
        let created: { id: string; name: string } | undefined;
        for (const suffix of NAME_SUFFIXES) {
          const name = incidentChannelName(card.number, card.title, suffix);
          try {
            const answer = await client.conversations.create({ name, is_private: false });
            if (!answer.channel?.id) throw new Error('Slack answered conversations.create without a channel id');
            created = { id: answer.channel.id, name: answer.channel.name ?? name };
            break;
          } catch (error) {
            if (platformError(error) !== 'name_taken') throw error;
          }
        }
        if (!created) throw new Error(`Slack channel names inc-${card.number}-… are all taken`);
        const row = { incidentId, orgId, channelId: created.id, name: created.name, createdAt: deps.clock.now() };
        await deps.store.write((tx) => tx.insert(slackIncidentChannels).values(row).onConflictDoNothing());
        existing = { ...row, archivedAt: null };
        log.info({ orgId, incidentId, channelId: created.id }, 'incident channel created in Slack');
        // The service channels' messages now link to it.
        await enqueueUpdate(deps, orgId, incidentId, `channel-created`, job.cause);
      }
      if (existing.archivedAt === null && !(await alreadyPosted(deps, orgId, incidentId, existing.channelId, 'incident_channel'))) {
        await postIncidentMessage(deps, client, { orgId, card: (await loadIncidentCard(deps, orgId, incidentId)) ?? card, channelId: existing.channelId, kind: 'incident_channel' });
      }
      // Resolved before its channel was ready: the update job may have run already.
      if (card.status === 'resolved') await archiveIncidentChannel(deps, client, orgId, incidentId);
      return;
    }

    if (job.name === 'update') {
      const latest = await updateIncidentMessages(deps, client, orgId, incidentId);
      if (latest?.status === 'resolved') await archiveIncidentChannel(deps, client, orgId, incidentId);
      return;
    }
    throw new Error(`the Slack queue has no handler for jobs named ${JSON.stringify(job.name)}`);
  };
}

async function archiveIncidentChannel(deps: Deps, client: ReturnType<typeof slackClient>, orgId: string, incidentId: string): Promise<void> {
  const [channel] = await deps.store.db
    .select()
    .from(slackIncidentChannels)
    .where(and(eq(slackIncidentChannels.orgId, orgId), eq(slackIncidentChannels.incidentId, incidentId), isNull(slackIncidentChannels.archivedAt)));
  if (!channel) return;
  try {
    await client.conversations.archive({ channel: channel.channelId });
  } catch (error) {
    if (!['already_archived', 'channel_not_found'].includes(platformError(error) ?? '')) throw error;
  }
  await deps.store.write((tx) => tx.update(slackIncidentChannels).set({ archivedAt: deps.clock.now() }).where(eq(slackIncidentChannels.incidentId, incidentId)));
  deps.log.info({ orgId, incidentId, channelId: channel.channelId }, 'incident channel archived in Slack');
}

function enqueueUpdate(deps: Deps, orgId: string, incidentId: string, reason: string, cause: Cause | undefined) {
  return deps.queue.enqueue(SLACK_QUEUE, { name: 'update', data: { org_id: orgId, incident_id: incidentId }, idempotencyKey: `slack:update:${incidentId}:${reason}`, maxAttempts: MAX_ATTEMPTS, ...(cause && { cause }) });
}

/** The incident an event is about (its subject is the alert when an alert opened it). */
const incidentOf = (data: Record<string, unknown>) => {
  const incident = data['incident'] as { id?: unknown; service_id?: unknown } | undefined;
  return typeof incident?.id === 'string' && typeof incident.service_id === 'string' ? { id: incident.id, serviceId: incident.service_id } : undefined;
};

/** Domain events that change what an incident's messages show. */
const CHANGES = ['incident.acknowledged', 'incident.resolved', 'incident.escalated', 'incident.reassigned', 'incident.assigned'] as const;

/**
 * On trigger: a message in each channel subscribed to the incident's service (and its own channel when a
 * subscription asks for one). On any later change: every message of the incident updated in place. Quick
 * and idempotent: they only queue jobs, keyed by incident and channel (or by the domain event).
 */
export function slackReactions(deps: Deps): Reaction[] {
  return [
    {
      name: 'slack: post new incidents',
      types: ['incident.triggered'],
      wants: (orgId, _type, executor) => slackConnected(deps, orgId, executor),
      async react(events) {
        if (!(await slackConnected(deps, events[0]!.orgId))) return;
        for (const event of events) await postNewIncident(deps, event);
      },
    },
    {
      name: 'slack: update incident messages',
      types: CHANGES,
      wants: (orgId, _type, executor) => slackConnected(deps, orgId, executor),
      async react(events) {
        if (!(await slackConnected(deps, events[0]!.orgId))) return;
        for (const event of events) {
          const incident = incidentOf(event.data);
          if (incident) await enqueueUpdate(deps, event.orgId, incident.id, `outbox-${event.outboxId}`, event.cause);
        }
      },
    },
  ];
}

async function postNewIncident(deps: Deps, event: DomainEvent): Promise<void> {
  const incident = incidentOf(event.data);
  if (!incident) return;
  const subscriptions = await deps.store.db
    .select()
    .from(slackSubscriptions)
    .where(and(eq(slackSubscriptions.orgId, event.orgId), eq(slackSubscriptions.serviceId, incident.serviceId)));
  const incidentId = incident.id;
  for (const subscription of subscriptions) {
    await deps.queue.enqueue(SLACK_QUEUE, {
      name: 'post',
      data: { org_id: event.orgId, incident_id: incidentId, channel_id: subscription.channelId },
      idempotencyKey: `slack:post:${incidentId}:${subscription.channelId}`,
      maxAttempts: MAX_ATTEMPTS,
      ...(event.cause && { cause: event.cause }),
    });
  }
  if (subscriptions.some((subscription) => subscription.incidentChannels)) {
    await deps.queue.enqueue(SLACK_QUEUE, { name: 'open-channel', data: { org_id: event.orgId, incident_id: incidentId }, idempotencyKey: `slack:open-channel:${incidentId}`, maxAttempts: MAX_ATTEMPTS, ...(event.cause && { cause: event.cause }) });
  }
}
