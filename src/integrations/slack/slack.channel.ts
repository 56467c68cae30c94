import type { Deps } from '../../app/deps.ts';
import type { NotificationChannel, OutgoingNotification } from '../../ports/notification-channel.ts';
import { loadConnection, slackClient } from './slack.client.ts';
import { loadIncidentCard } from './slack.incident-card.ts';
import { pageIntro, postIncidentMessage } from './slack.messages.ts';

/**
 * Pages a person by a direct message from the organisation's Slack app (contact methods of type `slack`,
 * whose address is the person's Slack member ID), with the same Acknowledge / Resolve buttons as channel
 * messages. The message is recorded with the incident's others, so it is updated in place too.
 */
export class SlackDirectMessageChannel implements NotificationChannel {
  readonly type = 'slack';

  constructor(private readonly deps: Deps) {}

  async send(message: OutgoingNotification): Promise<{ detail: string }> {
    const { deps } = this;
    const connection = await loadConnection(deps, deps.store.db, message.orgId);
    if (!connection) throw new Error('Slack is not connected to this organisation (PUT /api/v1/slack)');
    const card = await loadIncidentCard(deps, message.orgId, message.incident.id);
    if (!card) throw new Error(`Incident #${message.incident.number} no longer exists`);
    const client = slackClient(deps, connection.botToken);
    const opened = await client.conversations.open({ users: message.address });
    const channelId = opened.channel?.id;
    if (!channelId) throw new Error('Slack opened no direct message channel');
    const posted = await postIncidentMessage(deps, client, { orgId: message.orgId, card, channelId, kind: 'direct', intro: pageIntro(card) });
    return { detail: `Slack direct message ${posted.ts} to ${message.address} in ${connection.teamName}` };
  }
}
