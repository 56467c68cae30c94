import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { recordAudit } from '../../modules/audit/audit.store.ts';
import { authorize } from '../../modules/orgs/actor.ts';
import { actorOf } from '../../modules/orgs/authenticate.ts';
import { services } from '../../modules/services/services.tables.ts';
import { botTokenContext, loadConnection, signingSecretContext, slackClient } from './slack.client.ts';
import { slackConnectionChanged } from './slack.connected.ts';
import { platformError } from './slack.messages.ts';
import { slackConnections, slackSubscriptions } from './slack.tables.ts';

const tags = ['Slack'];

const connectBody = z.strictObject({
  bot_token: z
    .string()
    .trim()
    .regex(/^xoxb-[\w-]{10,250}$/, 'must be the Bot User OAuth Token of the Slack app (xoxb-…)'),
  signing_secret: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{32,64}$/i, "must be the app's Signing Secret (Basic Information → App Credentials)"),
});

const connectionView = z.object({
  team_id: z.string(),
  team_name: z.string(),
  bot_user_id: z.string(),
  connected_at: z.string(),
  interactivity_url: z.string().describe("Paste into the Slack app's Interactivity & Shortcuts → Request URL"),
  commands_url: z.string().describe('Request URL of the `/vigil` slash command'),
});

const subscriptionBody = z.strictObject({
  channel_id: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]{2,20}$/, 'must be a Slack channel ID such as C024BE91L (channel details → About → Channel ID)'),
  incident_channels: z.boolean().default(false).describe('Also open a channel #inc-<number>-<title> for each incident, archived when it resolves'),
});

const subscriptionView = z.object({ id: z.uuid(), service_id: z.uuid(), channel_id: z.string(), incident_channels: z.boolean(), created_at: z.string() });
type SubscriptionRow = typeof slackSubscriptions.$inferSelect;
const presentSubscription = (row: SubscriptionRow) => ({ id: row.id, service_id: row.serviceId, channel_id: row.channelId, incident_channels: row.incidentChannels, created_at: row.createdAt.toISOString() });

/** A failed call to Slack as the API's answer: Slack's refusal is the user's to fix (422); no answer is 503. */
function slackFailure(error: unknown, field: string, what: string): AppError {
  const code = platformError(error);
  if (code) return new AppError('unprocessable', `Slack refused ${what}: ${code}.`, [{ field, message: `Slack answered ${code}` }]);
  return new AppError('unavailable', `Slack could not be reached to check ${what}; try again.`);
}

/** The organisation's Slack app (admins) and the channels each service's incidents are posted to (responders). */
export function slackRoutes(deps: Deps): FastifyPluginAsyncZod {
  const view = (row: typeof slackConnections.$inferSelect) => ({
    team_id: row.teamId,
    team_name: row.teamName,
    bot_user_id: row.botUserId,
    connected_at: row.connectedAt.toISOString(),
    interactivity_url: `${deps.publicUrl()}/slack/interactivity`,
    commands_url: `${deps.publicUrl()}/slack/commands`,
  });

  return async (api) => {
    api.put('/slack', { schema: { tags, summary: "Connect the organisation's Slack app (checked with auth.test)", body: connectBody, response: { 200: connectionView } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      if (!deps.secrets.available) {
        throw new AppError('unprocessable', 'Slack credentials are stored encrypted, and this Vigil has no VIGIL_SECRET_KEY: set it (the same in every process) and restart.', [
          { field: 'bot_token', message: 'cannot be stored without VIGIL_SECRET_KEY' },
        ]);
      }
      let identity: { teamId: string; teamName: string; botUserId: string };
      try {
        const answer = await slackClient(deps, request.body.bot_token).auth.test();
        if (!answer.team_id || !answer.user_id || !answer.bot_id) throw new AppError('unprocessable', 'This token is not a bot token.', [{ field: 'bot_token', message: 'is not a bot token' }]);
        identity = { teamId: answer.team_id, teamName: answer.team ?? answer.team_id, botUserId: answer.user_id };
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw slackFailure(error, 'bot_token', 'the bot token');
      }
      const row = await deps.store.write(async (tx) => {
        const now = deps.clock.now();
        const values = {
          orgId: actor.orgId,
          ...identity,
          sealedBotToken: deps.secrets.seal(request.body.bot_token, botTokenContext(actor.orgId)),
          sealedSigningSecret: deps.secrets.seal(request.body.signing_secret, signingSecretContext(actor.orgId)),
          connectedBy: actor.userId,
          connectedAt: now,
        };
        const [saved] = await tx.insert(slackConnections).values(values).onConflictDoUpdate({ target: slackConnections.orgId, set: values }).returning();
        await recordAudit(tx, actor, 'slack.connect', { type: 'slack', id: null }, now, { team_id: identity.teamId, team_name: identity.teamName });
        return saved!;
      });
      await slackConnectionChanged(deps, actor.orgId);
      request.log.info({ orgId: actor.orgId, teamId: identity.teamId }, 'Slack connected');
      return view(row);
    });

    api.get('/slack', { schema: { tags, summary: 'The Slack workspace the organisation is connected to (no secrets)', response: { 200: connectionView } } }, async (request) => {
      const actor = actorOf(request);
      const [row] = await deps.store.db.select().from(slackConnections).where(eq(slackConnections.orgId, actor.orgId));
      if (!row) throw notFound('Slack connection');
      return view(row);
    });

    api.delete('/slack', { schema: { tags, summary: 'Disconnect Slack (channel subscriptions are kept for a later connection)', response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      await deps.store.write(async (tx) => {
        const [deleted] = await tx.delete(slackConnections).where(eq(slackConnections.orgId, actor.orgId)).returning({ teamId: slackConnections.teamId });
        if (!deleted) throw notFound('Slack connection');
        await recordAudit(tx, actor, 'slack.disconnect', { type: 'slack', id: null }, deps.clock.now(), { team_id: deleted.teamId });
      });
      await slackConnectionChanged(deps, actor.orgId);
      return reply.status(204).send(null);
    });

    const serviceOf = async (orgId: string, id: string) => {
      const [service] = await deps.store.db.select({ id: services.id }).from(services).where(and(eq(services.id, id), eq(services.orgId, orgId)));
      if (!service) throw notFound('Service');
    };

    api.post(
      '/services/:id/slack-channels',
      { schema: { tags, summary: "Post a service's incidents to a Slack channel", params: z.strictObject({ id: z.uuid() }), body: subscriptionBody, response: { 201: subscriptionView } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        await serviceOf(actor.orgId, request.params.id);
        const connection = await loadConnection(deps, deps.store.db, actor.orgId);
        if (!connection) throw new AppError('unprocessable', 'Connect Slack first (PUT /api/v1/slack).', [{ field: 'channel_id', message: 'Slack is not connected' }]);
        const { channel_id: channelId, incident_channels: incidentChannels } = request.body;
        let channel: { name?: string; is_member?: boolean; is_archived?: boolean } | undefined;
        try {
          channel = (await slackClient(deps, connection.botToken).conversations.info({ channel: channelId })).channel;
        } catch (error) {
          if (platformError(error) === 'channel_not_found') {
            throw new AppError('unprocessable', `Slack has no channel ${channelId} the Vigil app can see: check the ID, and invite the app to private channels.`, [{ field: 'channel_id', message: 'not found in Slack' }]);
          }
          throw slackFailure(error, 'channel_id', 'the channel');
        }
        if (channel?.is_archived) throw new AppError('unprocessable', `#${channel.name ?? channelId} is archived.`, [{ field: 'channel_id', message: 'is archived' }]);
        if (channel && channel.is_member === false) {
          throw new AppError('unprocessable', `The Vigil app is not in #${channel.name ?? channelId}: type \`/invite @${connection.botUserId}\` there (or add the app from the channel's details), then try again.`, [
            { field: 'channel_id', message: 'the app is not a member of the channel' },
          ]);
        }
        const row = await deps.store.write(async (tx) => {
          const now = deps.clock.now();
          const [created] = await tx
            .insert(slackSubscriptions)
            .values({ id: randomUUID(), orgId: actor.orgId, serviceId: request.params.id, channelId, incidentChannels, createdAt: now })
            .onConflictDoNothing()
            .returning();
          if (!created) throw conflict(`Channel ${channelId} is already subscribed to this service.`);
          await recordAudit(tx, actor, 'slack_channel.subscribe', { type: 'service', id: request.params.id }, now, { channel_id: channelId, incident_channels: incidentChannels });
          return created;
        });
        return reply.status(201).send(presentSubscription(row));
      },
    );

    api.get(
      '/services/:id/slack-channels',
      { schema: { tags, summary: "Slack channels a service's incidents are posted to", params: z.strictObject({ id: z.uuid() }), response: { 200: z.object({ slack_channels: z.array(subscriptionView) }) } } },
      async (request) => {
        const actor = actorOf(request);
        await serviceOf(actor.orgId, request.params.id);
        const rows = await deps.store.db
          .select()
          .from(slackSubscriptions)
          .where(and(eq(slackSubscriptions.orgId, actor.orgId), eq(slackSubscriptions.serviceId, request.params.id)))
          .orderBy(asc(slackSubscriptions.createdAt), asc(slackSubscriptions.id));
        return { slack_channels: rows.map(presentSubscription) };
      },
    );

    api.delete(
      '/services/:id/slack-channels/:channelId',
      { schema: { tags, summary: "Stop posting a service's incidents to a Slack channel", params: z.strictObject({ id: z.uuid(), channelId: z.string().max(32) }), response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'responder');
        await deps.store.write(async (tx) => {
          const [deleted] = await tx
            .delete(slackSubscriptions)
            .where(and(eq(slackSubscriptions.orgId, actor.orgId), eq(slackSubscriptions.serviceId, request.params.id), eq(slackSubscriptions.channelId, request.params.channelId)))
            .returning({ id: slackSubscriptions.id });
          if (!deleted) throw notFound('Slack channel subscription');
          await recordAudit(tx, actor, 'slack_channel.unsubscribe', { type: 'service', id: request.params.id }, deps.clock.now(), { channel_id: request.params.channelId });
        });
        return reply.status(204).send(null);
      },
    );
  };
}
