import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Every setting Vigil reads from the environment. Each entry's description is the documentation:
 * `npm run docs:config` prints the README's configuration table from it.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port of the API, ingestion endpoints and UI.'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Address the HTTP server binds to (use 0.0.0.0 to listen on every interface).'),
  VIGIL_DATA_DIR: z.string().min(1).default('./data').describe('Directory of the embedded PGlite database, used when DATABASE_URL is unset.'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe('PostgreSQL connection string; when set Vigil runs on PostgreSQL instead of the embedded store.'),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe('Redis connection string; when set background jobs run on BullMQ in Redis instead of the store queue, and live stream messages reach every process through Redis pub/sub.'),
  VIGIL_REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be letters, digits, _, . or -')
    .default('vigil')
    .describe("Prefix of the Redis keys of the job queue and of the live stream's pub/sub channels: lets several installations share one Redis."),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10).describe('Connections in the PostgreSQL pool of one process.'),
  VIGIL_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Address users and tools reach Vigil at, used in integration URLs. Defaults to http://HOST:PORT.'),
  VIGIL_ASSET_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe("Where browsers fetch the web dashboard's built assets (a CDN holding a copy of web/dist/assets), e.g. https://cdn.example.com/vigil. Defaults to Vigil itself."),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('Log level.'),
  VIGIL_LOG_PRETTY: booleanFromEnv.default(false).describe('Human-readable logs instead of JSON lines (`npm run dev` sets it).'),
  VIGIL_ALLOW_SIGNUP: booleanFromEnv
    .default(false)
    .describe('Allow POST /api/v1/signup to create further organisations (a multi-tenant instance). First-run setup works regardless.'),
  VIGIL_TRUST_PROXY: z
    .string()
    .regex(/^(false|true|\d{1,2}|[\d.:a-fA-F/]+(,[\d.:a-fA-F/]+)*)$/, 'must be false, true, a number of proxy hops, or comma-separated proxy addresses or CIDR ranges')
    .default('false')
    .transform((value): boolean | number | string => (value === 'true' ? true : value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value))
    .describe("Behind a reverse proxy or load balancer: whose X-Forwarded-For to believe for the caller's address (audit log, per-address limits): true (any), a hop count, or the proxies' addresses or CIDR ranges, comma-separated."),
  VIGIL_CREDENTIAL_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('Sign-in attempts per address and e-mail, password changes per user, and setups and sign-ups per address, allowed every 15 minutes; more get 429.'),
  VIGIL_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7).describe('Lifetime of a browser session.'),
  VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(600_000)
    .describe('Default events per minute accepted per integration key; an integration can override it.'),
  VIGIL_INGEST_MAX_BATCH: z.coerce.number().int().min(1).max(5000).default(1000).describe('Most events written in one group commit.'),
  VIGIL_INGEST_COMMIT_LANES: z.coerce
    .number()
    .int()
    .min(1)
    .max(32)
    .default(3)
    .describe('PostgreSQL only: ingest transactions in flight at once (each gathers the events that arrived meanwhile). The embedded store uses one.'),
  VIGIL_FOLD_BATCH: z.coerce.number().int().min(1).max(5000).default(500).describe('Most events folded into alerts and incidents in one transaction.'),
  VIGIL_FOLD_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(250)
    .describe('How often a process looks for events other processes stored (it folds its own at once).'),
  VIGIL_EMBEDDED_FSYNC: booleanFromEnv
    .default(true)
    .describe('Embedded store only: fsync each commit before answering. Turning it off loses acknowledged events on power loss; only the bench does, to measure the cost.'),
  VIGIL_EMBEDDED_SHARED_BUFFERS_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(4096)
    .default(32)
    .describe("Embedded store only: PostgreSQL's buffer cache inside PGlite. PGlite's default of 128 MB costs ~100 MB more memory."),
  VIGIL_FOLD_COALESCE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(25)
    .describe('Under load, how long events gather between fold passes; a lone event is folded at once.'),
  VIGIL_EMBEDDED_VACUUM_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(60)
    .describe('Embedded store only: seconds between maintenance runs (PGlite has no autovacuum), which VACUUM and ANALYZE the tables past autovacuum\'s default thresholds; a run waits until no event has been stored for 2 s, at most 5 minutes. Besides, a table that changed more rows (over 500) since its last ANALYZE than it then held is analyzed within a second, busy or not. 0 turns both off.'),
  METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('Serve Prometheus metrics (GET /metrics) on this port of HOST instead of the main HTTP port.'),
  VIGIL_ENGINE_TICK_MS: z.coerce
    .number()
    .int()
    .min(50)
    .max(60_000)
    .default(1000)
    .describe('How often the on-call engine looks for due escalations (it also runs at once when an incident triggers here).'),
  VIGIL_EVENT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Days raw ingested events (once folded) and relayed domain events are kept; a housekeeping job deletes older ones. Alerts, incidents, their timelines and the audit log are kept.'),
  VIGIL_JOB_LEASE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(600_000)
    .default(30_000)
    .describe('How long a worker holds a running job without renewing it: a job whose worker died (kill -9, lost host) runs again elsewhere after this long.'),
  VIGIL_STREAM_POLL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(10_000)
    .default(200)
    .describe('How often a process numbers domain events other processes committed for the live stream (it numbers its own at once).'),
  VIGIL_STREAM_HEARTBEAT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .default(25_000)
    .describe('Live stream heartbeat: a WebSocket ping (unanswered by the next one, the client is dropped) or an SSE comment.'),
  VIGIL_STREAM_MAX_UNSENT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(1024 * 1024)
    .describe('A live stream client with more than this many bytes waiting to be sent is disconnected (close code 4008), so a client that stops reading cannot grow server memory.'),
  VIGIL_STREAM_MAX_CONNECTIONS_PER_ORG: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(10_000)
    .describe('Live stream connections one organisation may hold open on one API process; more are answered 429.'),
  VIGIL_STREAM_REPLAY_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1000)
    .describe('Most missed events a reconnecting live stream client is sent; a client further behind gets `reset` (reload the state).'),
  VIGIL_STREAM_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24)
    .describe('How long live stream messages are kept for clients that reconnect and resume.'),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .describe(
      'SMTP server that sends notification e-mail, e.g. smtp://user:password@mail.example.com:587 (smtps:// for TLS from the start). A secret: never logged. Unset, mail goes to the log and the mail outbox (GET /api/v1/mail-outbox) instead.',
    ),
  MAIL_FROM: z.string().trim().min(3).max(320).default('Vigil <vigil@localhost>').describe('Sender of notification e-mail ("Name <address>").'),
  SMTP_IN_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe(
      'Port of the SMTP listener that turns mail to e-mail integrations (<integration key>@SMTP_IN_DOMAIN) into alerts; unset, no listener runs (0 picks a free port). It takes mail without authentication, for its domain only: put it behind your MX or a firewall. Run only by `vigil start` and `vigil api`.',
    ),
  SMTP_IN_HOST: z.string().min(1).default('127.0.0.1').describe('Address the inbound SMTP listener binds to (0.0.0.0 for every interface).'),
  SMTP_IN_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i, 'must be a domain name, e.g. alerts.example.com')
    .optional()
    .describe('Domain of e-mail integration addresses; mail to other domains is refused. Defaults to the host of VIGIL_PUBLIC_URL, else localhost.'),
  SMTP_IN_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024)
    .describe('Largest message the inbound SMTP listener takes, in bytes; larger ones are refused with 552.'),
  SMTP_IN_TLS_CERT: z.string().min(1).optional().describe('PEM certificate (chain) file; with SMTP_IN_TLS_KEY the inbound SMTP listener offers STARTTLS (off by default).'),
  SMTP_IN_TLS_KEY: z.string().min(1).optional().describe('PEM private key file of SMTP_IN_TLS_CERT (keep it readable by Vigil only).'),
  VIGIL_SECRET_KEY: z
    .string()
    .optional()
    .describe(
      'Key that encrypts integration credentials at rest (AES-256-GCM): 32 bytes as 64 hex digits or base64, e.g. `openssl rand -hex 32`. A secret: never logged. Embedded mode generates one into the data dir when unset; scaled mode needs it set to store any credential, the same in every process.',
    ),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/ })
    .refine((url) => url.endsWith('/'), { message: 'must end with /' })
    .default('https://slack.com/api/')
    .describe("Base URL of Slack's Web API (ending with /): change it only to go through a proxy or, in tests, to a local stand-in."),
  VIGIL_WEBHOOK_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('Outgoing webhook requests one worker process makes at once (each waits up to 10 s for its receiver).'),
  VIGIL_SECRET_KEY_PREVIOUS: z
    .string()
    .optional()
    .describe(
      'During a rotation of VIGIL_SECRET_KEY: the previous key(s), comma-separated, which still open credentials sealed with them; `vigil reseal-secrets` re-seals everything under the current key, after which this can be unset. A secret: never logged.',
    ),
  VIGIL_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000).describe('Longest graceful shutdown before the process exits anyway.'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Reads and validates the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function publicUrl(config: Config, listeningPort: number): string {
  return (config.VIGIL_PUBLIC_URL ?? `http://${config.HOST}:${listeningPort}`).replace(/\/$/, '');
}
