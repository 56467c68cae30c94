import type { IntegrationPlugin } from '../integration-plugin.ts';
import { SlackDirectMessageChannel } from './slack.channel.ts';
import { slackInteractiveRoutes } from './slack.interactive.routes.ts';
import { SLACK_QUEUE, slackJobHandler, slackReactions } from './slack.jobs.ts';
import { slackRoutes } from './slack.routes.ts';

/** Slack: channel messages updated in place, buttons and `/vigil`, incident channels, direct-message paging. */
export const slackPlugin: IntegrationPlugin = {
  name: 'slack',
  publicRoutes: ({ deps }) => slackInteractiveRoutes(deps),
  apiRoutes: ({ deps }) => slackRoutes(deps),
  workers: ({ deps }) => [{ queue: SLACK_QUEUE, handler: slackJobHandler(deps), concurrency: 4 }],
  reactions: ({ deps }) => slackReactions(deps),
  channels: ({ deps }) => [new SlackDirectMessageChannel(deps)],
};
