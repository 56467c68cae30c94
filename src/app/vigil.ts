import type { Logger } from 'pino';
import { openJobQueue } from '../adapters/open-job-queue.ts';
import { openBus } from '../adapters/open-bus.ts';
import { openCache } from '../adapters/open-cache.ts';
import { openRateLimitStore } from '../http/rate-limit-store.ts';
import { listenMetrics, metricsRoutes } from '../modules/metrics/metrics.routes.ts';
import { Metrics } from '../modules/metrics/metrics.ts';
import { measureJobs } from '../modules/metrics/measure-jobs.ts';
import { runAsCaused } from './caused-jobs.ts';
import { VIGIL_VERSION } from './version.ts';
import type { JobHandler } from '../ports/job-queue.ts';
import { openIncidentsBySeverity } from '../modules/incidents/open-incidents.ts';
import { foldBacklog } from '../modules/incidents/fold-backlog.ts';
import { openMailer } from '../adapters/open-mailer.ts';
import { openSecretBox } from '../adapters/open-secret-box.ts';
import { openStore } from '../adapters/open-store.ts';
import { type Config, publicUrl } from '../config/config.ts';
import { apiScope } from '../http/api-scope.ts';
import { healthRoutes, type ReadinessCheck } from '../http/health.routes.ts';
import { createHttpServer } from '../http/server.ts';
import { registerWebApp } from '../http/web-app.ts';
import { analyticsRoutes } from '../modules/analytics/analytics.routes.ts';
import { overviewsChanged } from '../modules/analytics/overview.cache.ts';
import { changeRoutes } from '../modules/changes/changes.routes.ts';
import { demoRoutes } from '../modules/demo/demo.routes.ts';
import { relatedChangeRoutes } from '../modules/changes/related-changes.routes.ts';
import { EventIngest } from '../modules/events/event-ingest.ts';
import { eventRoutes } from '../modules/events/events.routes.ts';
import { ingestRoutes } from '../modules/events/ingest.routes.ts';
import { Folder } from '../modules/incidents/folder.ts';
import { incidentRoutes } from '../modules/incidents/incidents.routes.ts';
import { invitationRoutes } from '../modules/orgs/invitations.routes.ts';
import { orgRoutes } from '../modules/orgs/orgs.routes.ts';
import { teamRoutes } from '../modules/orgs/teams.routes.ts';
import { userRoutes } from '../modules/orgs/users.routes.ts';
import { setupStatusRoutes } from '../modules/orgs/setup-status.routes.ts';
import { IntegrationDirectory } from '../modules/services/integration-directory.ts';
import { serviceRoutes } from '../modules/services/services.routes.ts';
import { type Clock, systemClock } from '../ports/clock.ts';
import { Engine } from '../engine/engine.ts';
import { advanceDueEscalations, queueStrandedNotifications } from '../engine/escalation.manager.ts';
import { jobsWithNotifications, NOTIFICATIONS_QUEUE } from '../engine/notification-jobs.ts';
import { createDomainEventsHandler, domainEventReactions, wantedBy } from '../engine/domain-events.handler.ts';
import { DOMAIN_EVENTS_QUEUE, relayOutbox } from '../engine/outbox-relay.ts';
import { HOUSEKEEPING_QUEUE, housekeepingHandler, scheduleHousekeeping } from '../engine/housekeeping.ts';
import { jobRoutes } from '../modules/jobs/jobs.routes.ts';
import { escalationRoutes } from '../modules/oncall/escalation.routes.ts';
import { calendarFeedApiRoutes, calendarFeedRoutes } from '../modules/oncall/calendar-feeds.routes.ts';
import { escalationPolicyRoutes } from '../modules/oncall/escalation-policies.routes.ts';
import { oncallRoutes } from '../modules/oncall/oncalls.routes.ts';
import { oncallShiftRoutes } from '../modules/oncall/oncall-shifts.routes.ts';
import { scheduleRoutes } from '../modules/oncall/schedules.routes.ts';
import { notifyModule } from '../modules/notify/notify.module.ts';
import { integrationsModule } from '../integrations/integrations.module.ts';
import { actionLinkKey } from '../modules/notify/action-links.ts';
import { StreamHub } from '../modules/stream/stream-hub.ts';
import { publishNumbered, sequenceStream } from '../modules/stream/stream-sequencer.ts';
import { StreamTickets } from '../modules/stream/stream-tickets.ts';
import { streamRoutes } from '../modules/stream/stream.routes.ts';
import { EventLoopLoad } from '../lib/event-loop-load.ts';
import type { Deps } from './deps.ts';

/**
 * Which parts this process runs: `vigil start` all; `vigil api` the API and ingestion (folding what it
 * ingests); `vigil worker` the fold and the job workers; `vigil scheduler` what runs on time (escalation
 * timers, the outbox relay, heartbeat checks, cron schedules). Every part is leader-free: run any number of each.
 */
export type Role = 'all' | 'api' | 'worker' | 'scheduler';

export interface VigilOptions {
  config: Config;
  role: Role;
  log: Logger;
  clock?: Clock;
}

/** How long a fold pass may hold the store while events keep arriving (ingestion goes first: see Folder). */
const FOLD_PASS_TARGET_MS = 20;
/**
 * On PostgreSQL the fold and ingestion share only this process's CPU: when its event loop has been busy this
 * share of the last LOOP_LOAD_WINDOW_MS while events arrive, parsing and answering them is what would wait.
 * Measured with the ingest bench (unique keys, 50 connections, three runs each): 0.5 ~9,200 events/s,
 * 0.6 ~9,900, 0.75 ~8,200, without this test ~7,900. Paging at 500 events/s passes it too: hence FLOOD_BATCH.
 */
const LOOP_SATURATED = 0.6;
/**
 * Requests gathered by the latest commit that mark a flood rather than a steady load: at 500 events/s a commit
 * takes one or two, and yielding then delayed pages (alert → notification job p99 177 → 458 ms); at 50 busy
 * connections it takes about twenty.
 */
const FLOOD_BATCH = 8;
const LOOP_LOAD_WINDOW_MS = 50;
/**
 * On the embedded store a fold pass holds up every write, so the fold yields to ingestion, but only in a flood:
 * more events a second than this (over about the last second). Below it a write pending says nothing about
 * pressure: paging at 500 events/s the store is nearly always writing something (pages going out), and the fold
 * yielding then held new incidents back. Measured (paging bench, send → first notification job, p99): alert
 * storm 1.0–1.2 s → 0.76–0.86 s; a new incident per event 5.8–6.1 s → 1.5–4.1 s. Floods above it are unchanged.
 */
const EMBEDDED_FLOOD_EVENTS_PER_S = 750;
/** No event stored for this long counts as a lull, when the embedded store may vacuum. */
const QUIET_BEFORE_MAINTENANCE_MS = 2_000;

/** The composition root: config → store → modules → HTTP. Nothing listens until `listen`. */
export async function createVigil(options: VigilOptions) {
  const { config, log } = options;
  const store = await openStore(config);
  const settings = { leaseMs: config.VIGIL_JOB_LEASE_MS };
  const queue = await openJobQueue(config.REDIS_URL ? { redisUrl: config.REDIS_URL, redisPrefix: config.VIGIL_REDIS_PREFIX, store, log, settings } : { store, log, settings });
  const metrics = new Metrics();
  metrics.info.set({ version: VIGIL_VERSION, role: options.role, store: store.kind, queue: config.REDIS_URL ? 'bullmq' : 'store' }, 1);
  const bus = await openBus({ redisUrl: config.REDIS_URL, redisPrefix: config.VIGIL_REDIS_PREFIX, log });
  if (config.DATABASE_URL && !config.REDIS_URL && options.role !== 'all') {
    log.warn('REDIS_URL is unset: live stream clients get events numbered by other processes late or not at all; set REDIS_URL when running several processes');
  }
  const cache = await openCache({ redisUrl: config.REDIS_URL, redisPrefix: config.VIGIL_REDIS_PREFIX, bus, metrics, log });
  await cache.start();
  // Only api processes take requests that are limited: workers and schedulers open no connection for it.
  const rateLimits = await openRateLimitStore(options.role === 'all' || options.role === 'api' ? config.REDIS_URL : undefined, config.VIGIL_REDIS_PREFIX, log);
  let port = config.PORT;
  const servesApi = options.role === 'all' || options.role === 'api';
  const runsJobs = options.role === 'all' || options.role === 'worker';
  const runsTimers = options.role === 'all' || options.role === 'scheduler';
  const folds = options.role !== 'scheduler';
  const deps: Deps = {
    config,
    store,
    clock: options.clock ?? systemClock,
    log,
    publicUrl: () => publicUrl(config, port),
    queue,
    secrets: openSecretBox(config),
    kickEngine: () => {
      streamSequencer.kick();
      if (runsTimers) engine.kick();
    },
    metrics,
    cache,
    rateLimits,
  };
  const ingest: EventIngest = new EventIngest(store, deps.clock, config.VIGIL_INGEST_MAX_BATCH, store.kind === 'pglite' ? 1 : config.VIGIL_INGEST_COMMIT_LANES, (stored) => folder.kick(stored), log.child({ component: 'ingest' }), metrics);
  // Events are arriving: the embedded store's vacuum waits for a lull (it would hold their 202s).
  store.deferMaintenanceWhile?.(() => ingest.storedWithin(QUIET_BEFORE_MAINTENANCE_MS));
  const loopLoad = new EventLoopLoad(LOOP_LOAD_WINDOW_MS);
  // Ingestion first. The embedded store has one connection: in a flood, any write waiting is held up by a fold
  // pass. On PostgreSQL a pass holds up ingestion only where they meet: every commit lane busy, or, in a flood,
  // the event loop.
  const ingestUnderPressure =
    store.kind === 'pglite'
      ? () => ingest.busy && ingest.storedPerSecond() > EMBEDDED_FLOOD_EVENTS_PER_S
      : () => ingest.saturated || (ingest.busy && ingest.lastBatchSize >= FLOOD_BATCH && loopLoad.utilization() > LOOP_SATURATED);
  const folder = new Folder(store, deps.clock, log.child({ component: 'fold' }), config.VIGIL_FOLD_BATCH, config.VIGIL_FOLD_POLL_MS, config.VIGIL_FOLD_COALESCE_MS, ingestUnderPressure, (work) => {
    // Only the loops with work: the fold numbered its domain events for the live stream itself, and the
    // integration managers run on the clock.
    if (runsTimers && work.paging) engine.kick('paging');
    if (runsTimers && work.relay) engine.kick('relay');
  }, FOLD_PASS_TARGET_MS, (outcomes, numbered, incidentsChangedIn) => {
    for (const outcome of outcomes) metrics.eventsFolded.inc({ outcome });
    // One invalidation per organisation and pass; the local drop is synchronous, the broadcast is not waited for.
    for (const orgId of incidentsChangedIn) void overviewsChanged(cache, orgId);
    publishNumbered(bus, numbered, metrics).catch((error: unknown) => log.warn({ err: error }, 'publishing to the live stream failed; receivers fill the gap from the store'));
  }, (orgId, type, executor) => eventWanted(orgId, type, executor),
  // Where this process works the queue kept in the store, a fold pass queues the first pages itself.
  runsJobs ? jobsWithNotifications(queue, deps.clock) : undefined);
  const directory = new IntegrationDirectory(store.db, deps.secrets, cache);
  const mailer = openMailer(deps);
  const integrations = integrationsModule({ deps, ingest, directory, mailer });
  const notify = notifyModule(deps, { mailer, channels: integrations.channels });
  const reactions = domainEventReactions(deps, integrations.reactions);
  const eventWanted = wantedBy(reactions);
  const engine = new Engine(
    {
      // Paging, in a loop of its own: it never waits behind a relay pass.
      paging: [
        {
          name: 'escalations',
          run: async () => {
            const advanced = await advanceDueEscalations(deps, queue);
            if (advanced > 0) streamSequencer.kick();
            return advanced;
          },
        },
      ],
      // Crash recovery, on the tick only: between two escalation passes of a storm it would be one more round trip.
      recovery: [{ name: 'stranded notifications', run: () => queueStrandedNotifications(deps, queue) }],
      relay: [{ name: 'outbox relay', run: () => relayOutbox(deps, queue, eventWanted) }],
      // Due on the clock only (heartbeats, retries): a tick runs them, no event kicks them.
      integrations: integrations.managers,
    },
    config.VIGIL_ENGINE_TICK_MS,
    log.child({ component: 'engine' }),
  );
  // Every process that writes domain events numbers them for the live stream (one at a time, see the sequencer).
  const streamSequencer = new Engine({ sequencer: [{ name: 'stream sequencer', run: () => sequenceStream(store, bus, metrics) }] }, config.VIGIL_STREAM_POLL_MS, log.child({ component: 'stream' }));
  const hub = new StreamHub(
    store.db,
    bus,
    {
      maxUnsentBytes: config.VIGIL_STREAM_MAX_UNSENT_BYTES,
      maxConnectionsPerOrg: config.VIGIL_STREAM_MAX_CONNECTIONS_PER_ORG,
      heartbeatMs: config.VIGIL_STREAM_HEARTBEAT_MS,
      replayLimit: config.VIGIL_STREAM_REPLAY_LIMIT,
    },
    log.child({ component: 'stream' }),
    metrics,
  );
  metrics.probes.streamConnections = () => hub.connectionsByTransport();
  metrics.probes.openIncidents = () => openIncidentsBySeverity(store.db);
  metrics.probes.foldBacklog = () => foldBacklog(store.db, deps.clock.now());
  metrics.probes.queueDepth = () => queue.counts();
  const tickets = new StreamTickets(actionLinkKey(store, deps.clock), deps.clock);

  const http = await createHttpServer(log, metrics, config.VIGIL_TRUST_PROXY);
  const checks: ReadinessCheck[] = [{ name: store.kind, ping: () => store.ping() }];
  if (bus.kind === 'redis') checks.push({ name: 'redis', ping: () => bus.ping() });
  await http.register(healthRoutes(checks, { role: options.role, version: VIGIL_VERSION }));
  if (config.METRICS_PORT === undefined) await http.register(metricsRoutes(metrics));
  const metricsServer = config.METRICS_PORT === undefined ? undefined : await listenMetrics(metrics, config.HOST, config.METRICS_PORT);
  if (servesApi) {
    await registerWebApp(http, config.VIGIL_ASSET_BASE_URL);
    await http.register(ingestRoutes(deps, directory, ingest));
    await http.register(integrations.publicRoutes);
    await http.register(calendarFeedRoutes(deps));
    await http.register(notify.publicRoutes);
    await http.register(apiScope(deps, [orgRoutes(deps), userRoutes(deps), invitationRoutes(deps, mailer), teamRoutes(deps), oncallShiftRoutes(deps), setupStatusRoutes(deps), serviceRoutes(deps, directory), incidentRoutes(deps), changeRoutes(deps), relatedChangeRoutes(deps), eventRoutes(deps), streamRoutes(deps, hub, tickets), escalationRoutes(deps), jobRoutes(deps), notify.routes, scheduleRoutes(deps), calendarFeedApiRoutes(deps), escalationPolicyRoutes(deps), oncallRoutes(deps), analyticsRoutes(deps), demoRoutes(deps), integrations.apiRoutes]), { prefix: '/api/v1' });
    for (const listener of integrations.listeners) await listener.start();
    await hub.start();
  }
  streamSequencer.start();
  if (folds) folder.start();
  if (runsJobs) {
    const jobLog = log.child({ component: 'jobs' });
    const work = (name: string, handler: JobHandler, concurrency: number) => queue.work(name, measureJobs(metrics, name, runAsCaused(name, handler, jobLog)), { concurrency });
    work(NOTIFICATIONS_QUEUE, notify.deliveryHandler, 10);
    work(DOMAIN_EVENTS_QUEUE, createDomainEventsHandler(deps, reactions), 4);
    work(HOUSEKEEPING_QUEUE, housekeepingHandler(deps), 1);
    for (const worker of integrations.workers) work(worker.queue, worker.handler, worker.concurrency);
  }
  if (runsTimers) await scheduleHousekeeping(queue);
  // The store-backed queue fires cron ticks in every started process; a scheduler starts it without workers.
  if (runsJobs || runsTimers) await queue.start();
  if (runsTimers) engine.start();

  let stopping: Promise<void> | undefined;
  return {
    deps,
    http,
    folder,
    engine,
    stream: hub,
    async listen(): Promise<number> {
      await http.listen({ port: config.PORT, host: config.HOST });
      const address = http.server.address();
      port = typeof address === 'object' && address ? address.port : config.PORT;
      return port;
    },
    /**
     * Graceful: stop taking requests, let in-flight ones finish and commit what they wrote, finish the fold
     * pass under way, close the store. Events not folded yet are durable; the next start folds them.
     */
    stop(): Promise<void> {
      stopping ??= (async () => {
        // Stream clients hold their connections open: close them first (they resume elsewhere) so the server can close.
        hub.stop();
        await http.close();
        if (servesApi) for (const listener of integrations.listeners) await listener.stop();
        await ingest.drain();
        await folder.stop();
        await engine.stop();
        await streamSequencer.stop();
        await queue.close();
        await cache.close();
        await rateLimits.close();
        await bus.close();
        await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
        await store.close();
      })();
      return stopping;
    },
  };
}


