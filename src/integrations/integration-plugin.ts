import type { Cause } from '../lib/cause.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../app/deps.ts';
import type { Manager } from '../engine/engine.ts';
import type { EventIngest } from '../modules/events/event-ingest.ts';
import type { IntegrationDirectory } from '../modules/services/integration-directory.ts';
import type { JobHandler } from '../ports/job-queue.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { NotificationChannel } from '../ports/notification-channel.ts';
import type { Executor } from '../ports/store.ts';

/** What an integration's parts are built from. */
export interface IntegrationContext {
  deps: Deps;
  ingest: EventIngest;
  directory: IntegrationDirectory;
  /** The instance's mailer (SMTP, or the mail outbox), for notices to admins. */
  mailer: Mailer;
}

/** A committed domain event from the outbox, as the relay hands it on. */
export interface DomainEvent {
  orgId: string;
  outboxId: number;
  type: string;
  subjectId: string;
  data: Record<string, unknown>;
  createdAt: string;
  /** The request the event came of (lib/cause.ts), for the jobs a reaction queues per event. */
  cause?: Cause;
}

/**
 * Something an integration does when a domain event is committed (update a Slack message, fan out webhooks).
 * Runs inside the domain-events job, which retries as a whole: a reaction must be idempotent and quick — it
 * queues its network work as jobs of its own (with idempotency keys) rather than doing it here.
 */
export interface Reaction {
  name: string;
  /** Event types it reacts to; `*` for all relayed ones. */
  types: readonly string[];
  /**
   * Whether it could act on an organisation's events of this type at all (a Slack workspace connected, a
   * webhook subscription taking them), from a cache: the relay queues no job for events no reaction wants.
   * Without it, every event of its types is wanted. `executor`: the relay's transaction.
   */
  wants?(orgId: string, type: string, executor: Executor): Promise<boolean>;
  /** The events of one organisation it reacts to, in commit order (a relayed batch: one look-up serves all). */
  react(events: DomainEvent[]): Promise<void>;
}

export interface Worker {
  queue: string;
  handler: JobHandler;
  concurrency: number;
}

/** Something that listens on its own (the SMTP listener of e-mail integrations). */
export interface Listener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Everything one integration adds to the running app beyond its inbound kind. Listed in
 * integrations.module.ts; each part is optional and built once in the composition root.
 */
export interface IntegrationPlugin {
  name: string;
  /** Routes at the root, outside /api/v1 and its authentication (tools' own APIs, Slack's callbacks). */
  publicRoutes?(context: IntegrationContext): FastifyPluginAsyncZod;
  /** Routes under /api/v1, authenticated like the rest of the API. */
  apiRoutes?(context: IntegrationContext): FastifyPluginAsyncZod;
  /** Engine managers (on a tick, in worker processes). */
  managers?(context: IntegrationContext): Manager[];
  /** Queue workers (in worker processes). */
  workers?(context: IntegrationContext): Worker[];
  reactions?(context: IntegrationContext): Reaction[];
  /** Ways of paging a person, by contact method type. */
  channels?(context: IntegrationContext): NotificationChannel[];
  /** Run by processes that take ingestion (start and api). */
  listeners?(context: IntegrationContext): Listener[];
}
