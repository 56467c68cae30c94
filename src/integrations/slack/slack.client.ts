import { type Logger as SlackLogger, LogLevel, WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Deps } from '../../app/deps.ts';
import type { Executor } from '../../ports/store.ts';
import { slackConnections } from './slack.tables.ts';

/** Where sealed values are bound: a token copied onto another organisation's row (or field) does not open. */
export const botTokenContext = (orgId: string) => `slack:${orgId}:bot_token`;
export const signingSecretContext = (orgId: string) => `slack:${orgId}:signing_secret`;

/** A Slack Web API call that takes longer is given up (and retried by the queue, or reported to the user). */
const CALL_TIMEOUT_MS = 10_000;
/** Calls made while Slack waits for our answer, which it wants within 3 seconds. */
export const INTERACTIVE_TIMEOUT_MS = 1_500;

/** The SDK's log lines, at warning and above, into Vigil's log (the SDK redacts tokens from what it logs). */
function sdkLogger(log: Logger): SlackLogger {
  const text = (parts: unknown[]) => parts.map((part) => (typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part))).join(' ');
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => log.warn(text(parts)),
    error: (...parts: unknown[]) => log.error(text(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * A Web API client for one bot token, at SLACK_API_URL. It never retries by itself and rejects rate-limited
 * calls at once: jobs are retried by the queue with backoff (a worker is not held for a minute by a 429), and
 * interactive requests must answer within Slack's three seconds.
 */
export function slackClient(deps: Pick<Deps, 'config' | 'log'>, token: string, timeoutMs = CALL_TIMEOUT_MS): WebClient {
  return new WebClient(token, {
    slackApiUrl: deps.config.SLACK_API_URL,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: sdkLogger(deps.log.child({ component: 'slack' })),
    logLevel: LogLevel.WARN,
  });
}

export interface SlackConnection {
  orgId: string;
  teamId: string;
  teamName: string;
  botUserId: string;
  botToken: string;
  signingSecret: string;
  connectedAt: Date;
}

type ConnectionRow = typeof slackConnections.$inferSelect;

function open(deps: Pick<Deps, 'secrets'>, row: ConnectionRow): SlackConnection {
  return {
    orgId: row.orgId,
    teamId: row.teamId,
    teamName: row.teamName,
    botUserId: row.botUserId,
    botToken: deps.secrets.open(row.sealedBotToken, botTokenContext(row.orgId)),
    signingSecret: deps.secrets.open(row.sealedSigningSecret, signingSecretContext(row.orgId)),
    connectedAt: row.connectedAt,
  };
}

/** The organisation's Slack app with its secrets opened (never log them), or undefined when not connected. */
export async function loadConnection(deps: Pick<Deps, 'secrets'>, executor: Executor, orgId: string): Promise<SlackConnection | undefined> {
  const [row] = await executor.select().from(slackConnections).where(eq(slackConnections.orgId, orgId));
  return row ? open(deps, row) : undefined;
}

/** The Slack apps of a workspace, one per organisation that connected one to it. */
export async function connectionsOfTeam(deps: Pick<Deps, 'secrets' | 'store'>, teamId: string): Promise<SlackConnection[]> {
  const rows = await deps.store.db.select().from(slackConnections).where(eq(slackConnections.teamId, teamId)).limit(20);
  return rows.map((row) => open(deps, row));
}
