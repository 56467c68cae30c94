import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../http/errors.ts';
import { acknowledgeIncident, resolveIncident } from '../../modules/incidents/incidents.commands.ts';
import { type Actor, authorize } from '../../modules/orgs/actor.ts';
import { ACKNOWLEDGE_ACTION, RESOLVE_ACTION } from './slack.blocks.ts';
import { connectionsOfTeam, INTERACTIVE_TIMEOUT_MS, type SlackConnection, slackClient } from './slack.client.ts';
import { howToLink, SlackPeople, type VigilPerson } from './slack.people.ts';
import { freshTimestamp, signatureMatches } from './slack.signature.ts';
import { parseSlashCommand, runSlashCommand, SLASH_HELP } from './slack.slash.ts';

/** Slack's requests are small forms; anything bigger is not from Slack. */
const BODY_LIMIT = 256 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthorized = () => new AppError('unauthorized', 'The request is not signed by a Slack app connected to Vigil (X-Slack-Signature), or its timestamp is more than 5 minutes off.');

interface BlockActionsPayload {
  type?: string;
  team?: { id?: string } | null;
  user?: { id?: string; team_id?: string };
  channel?: { id?: string } | null;
  actions?: Array<{ action_id?: string; value?: string }>;
}

/**
 * Slack's callbacks, at the root (no Vigil authentication: the request signature is the credential).
 * `POST /slack/interactivity` takes button presses, `POST /slack/commands` the `/vigil` slash command. The
 * Slack user acts as the Vigil user with the same e-mail address, through the same commands as the API.
 */
export function slackInteractiveRoutes(deps: Deps): FastifyPluginAsyncZod {
  const people = new SlackPeople(deps);
  const log = deps.log.child({ component: 'slack' });

  /** The connection whose signing secret verifies the request, among those of the team it claims to be from. */
  const verify = async (request: FastifyRequest, raw: Buffer, teamId: string | undefined): Promise<SlackConnection> => {
    const timestamp = header(request, 'x-slack-request-timestamp');
    if (!teamId || !freshTimestamp(timestamp, deps.clock.now().getTime())) throw unauthorized();
    const signature = header(request, 'x-slack-signature');
    const connection = (await connectionsOfTeam(deps, teamId)).find((candidate) => signatureMatches(candidate.signingSecret, timestamp, raw, signature));
    if (!connection) throw unauthorized();
    return connection;
  };

  /** The Vigil user behind a Slack user; null when Slack could not be asked in time (said to the user). */
  const personOf = async (connection: SlackConnection, slackUserId: string): Promise<VigilPerson | undefined | null> => {
    try {
      return await people.vigilUser(connection, slackUserId);
    } catch (error) {
      log.warn({ orgId: connection.orgId, err: error instanceof Error ? error.message : String(error) }, 'could not look up a Slack user (users.info)');
      return null;
    }
  };
  const LOOKUP_FAILED = 'Vigil could not ask Slack who you are (users.info failed); nothing was changed. Try again in a moment.';

  const actorFor = (request: FastifyRequest, connection: SlackConnection, person: VigilPerson): Actor => ({
    orgId: connection.orgId,
    type: 'user',
    id: person.id,
    userId: person.id,
    role: person.role,
    ip: request.ip,
    requestId: String(request.id),
  });

  return async (app) => {
    // Only this plugin takes Slack's form bodies, kept as bytes: the signature is computed over them.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
    const formOf = (request: FastifyRequest) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Slack posts application/x-www-form-urlencoded bodies.');
      return { raw: request.body, form: new URLSearchParams(request.body.toString('utf8')) };
    };

    app.post('/slack/interactivity', { schema: { hide: true }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
      const { raw, form } = formOf(request);
      let payload: BlockActionsPayload;
      try {
        payload = JSON.parse(form.get('payload') ?? '') as BlockActionsPayload;
      } catch {
        throw unauthorized(); // not Slack's shape: nothing to tell a sender we cannot identify
      }
      const connection = await verify(request, raw, payload.team?.id ?? payload.user?.team_id);
      const action = payload.actions?.[0];
      if (payload.type !== 'block_actions' || !action || !payload.user?.id) return reply.status(200).send();
      const verb = action.action_id === ACKNOWLEDGE_ACTION ? 'acknowledge' : action.action_id === RESOLVE_ACTION ? 'resolve' : undefined;
      if (!verb || !UUID.test(action.value ?? '')) return reply.status(200).send();

      const tell = async (text: string) => {
        const channel = payload.channel?.id;
        if (!channel) return;
        try {
          await slackClient(deps, connection.botToken, INTERACTIVE_TIMEOUT_MS).chat.postEphemeral({ channel, user: payload.user!.id!, text });
        } catch (error) {
          log.warn({ orgId: connection.orgId, err: error instanceof Error ? error.message : String(error) }, 'could not answer a Slack user');
        }
      };
      const person = await personOf(connection, payload.user.id);
      if (!person) {
        await tell(person === null ? LOOKUP_FAILED : howToLink(connection.teamName));
        return reply.status(200).send();
      }
      const actor = actorFor(request, connection, person);
      try {
        authorize(actor, 'responder');
        await (verb === 'acknowledge' ? acknowledgeIncident : resolveIncident)(deps, actor, action.value!);
        log.info({ orgId: actor.orgId, incidentId: action.value, userId: actor.userId, action: verb }, 'incident changed from Slack');
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        await tell(error.code === 'not_found' ? 'That incident no longer exists.' : error.message);
      }
      // The message itself is updated by the reaction to the change, like every other message of the incident.
      return reply.status(200).send();
    });

    app.post('/slack/commands', { schema: { hide: true }, bodyLimit: BODY_LIMIT }, async (request, reply) => {
      const { raw, form } = formOf(request);
      const connection = await verify(request, raw, form.get('team_id') ?? undefined);
      if (form.get('ssl_check') === '1') return reply.status(200).send();
      const ephemeral = (text: string) => reply.status(200).send({ response_type: 'ephemeral', text });
      const slackUserId = form.get('user_id');
      if (!slackUserId) return ephemeral('Slack sent no user id with the command.');
      const command = parseSlashCommand(form.get('text') ?? '');
      if (command.kind === 'help') return ephemeral(SLASH_HELP);
      const person = await personOf(connection, slackUserId);
      if (!person) return ephemeral(person === null ? LOOKUP_FAILED : howToLink(connection.teamName));
      const answer = await runSlashCommand(deps, actorFor(request, connection, person), command);
      log.info({ orgId: connection.orgId, userId: person.id, command: command.kind }, 'Slack command');
      return ephemeral(answer);
    });
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
