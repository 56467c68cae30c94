import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What is read only when Prometheus scrapes (a query, a count held elsewhere), filled in by the composition root. */
export interface MetricProbes {
  openIncidents?: () => Promise<Array<{ severity: string; count: number }>>;
  /** Events stored and not yet folded, and the age of the oldest. */
  foldBacklog?: () => Promise<{ events: number; oldestAgeSeconds: number }>;
  streamConnections?: () => { websocket: number; sse: number };
  /** Jobs per queue and state (the queue backend's own counts). */
  queueDepth?: () => Promise<Record<string, Record<string, number>>>;
}

/**
 * Every metric of one Vigil process, on a registry of its own (tests run many instances in one process).
 * Labels are bounded sets: routes as declared (not URLs), statuses, sources (integration types), outcomes,
 * severities; never an incident, organisation or user.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly probes: MetricProbes = {};

  readonly httpRequests = new Counter({ name: 'vigil_http_requests_total', help: 'HTTP requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route and method.',
    labelNames: ['route', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly eventsIngested = new Counter({ name: 'vigil_events_ingested_total', help: 'Events stored (answered 2xx), by source (integration type).', labelNames: ['source'], registers: [this.registry] });
  readonly ingestBatchSize = new Histogram({
    name: 'vigil_ingest_batch_events',
    help: 'Events written by one ingest group commit.',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });
  readonly ingestCommitSeconds = new Histogram({
    name: 'vigil_ingest_commit_seconds',
    help: 'Duration of one ingest group commit (durable when it ends).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly eventsFolded = new Counter({ name: 'vigil_events_folded_total', help: 'Stored events folded into alerts and incidents, by outcome.', labelNames: ['outcome'], registers: [this.registry] });
  readonly domainEvents = new Counter({
    name: 'vigil_domain_events_total',
    help: 'Domain events numbered for the live stream (counted by the process that numbered them), by type and severity.',
    labelNames: ['type', 'severity'],
    registers: [this.registry],
  });
  readonly eventsRejected = new Counter({
    name: 'vigil_events_rejected_total',
    help: 'Ingest requests refused with a 4xx (nothing stored), by source and status.',
    labelNames: ['source', 'status'],
    registers: [this.registry],
  });
  readonly incidentTransitions = new Counter({
    name: 'vigil_incidents_total',
    help: 'Incidents triggered, acknowledged and resolved, by service and severity (counted once, by the process that numbered the event).',
    labelNames: ['transition', 'service', 'severity'],
    registers: [this.registry],
  });
  readonly timeToAcknowledge = new Histogram({
    name: 'vigil_incident_time_to_acknowledge_seconds',
    help: 'From an incident triggering to its acknowledgement, by severity.',
    labelNames: ['severity'],
    buckets: [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200],
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'vigil_notifications_total',
    help: 'Notification delivery attempts, by channel and outcome (sent, failed: will retry, dead: failed for good, skipped).',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });
  readonly notificationLatency = new Histogram({
    name: 'vigil_notification_latency_seconds',
    help: "From the incident triggering to the notification's sending, by channel (escalation and rule delays included).",
    labelNames: ['channel'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600],
    registers: [this.registry],
  });
  readonly jobsRun = new Counter({
    name: 'vigil_jobs_total',
    help: 'Job runs, by queue and outcome (completed, retried, dead).',
    labelNames: ['queue', 'outcome'],
    registers: [this.registry],
  });
  readonly jobWait = new Histogram({
    name: 'vigil_job_wait_seconds',
    help: 'From a job becoming due to a worker starting it, by queue.',
    labelNames: ['queue'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'vigil_job_duration_seconds',
    help: 'Time a job run took, by queue.',
    labelNames: ['queue'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly cacheLookups = new Counter({
    name: 'vigil_cache_lookups_total',
    help: 'Cache lookups, by cache and result (hit, miss).',
    labelNames: ['cache', 'result'],
    registers: [this.registry],
  });
  readonly info = new Gauge({
    name: 'vigil_info',
    help: 'Always 1: what this process is (version, role, store and queue backend).',
    labelNames: ['version', 'role', 'store', 'queue'],
    registers: [this.registry],
  });
  readonly streamMessages = new Counter({ name: 'vigil_stream_messages_sent_total', help: 'Live stream messages sent to clients of this process.', registers: [this.registry] });
  readonly streamSlowConsumers = new Counter({ name: 'vigil_stream_slow_consumers_total', help: 'Live stream clients disconnected for not reading.', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'vigil_' });
    const probes = this.probes;
    new Gauge({
      name: 'vigil_open_incidents',
      help: 'Incidents not resolved, by severity (every organisation).',
      labelNames: ['severity'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of (await probes.openIncidents?.()) ?? []) this.set({ severity: row.severity }, row.count);
      },
    });
    // One read serves both gauges: the first collected asks for it, the second takes the same answer.
    let backlog: Promise<{ events: number; oldestAgeSeconds: number } | undefined> | undefined;
    const readBacklog = () => {
      backlog ??= (probes.foldBacklog?.() ?? Promise.resolve(undefined)).finally(() => setImmediate(() => (backlog = undefined)));
      return backlog;
    };
    new Gauge({
      name: 'vigil_events_unfolded',
      help: 'Events stored (answered 2xx) and not yet folded into alerts and incidents (every organisation).',
      registers: [this.registry],
      async collect() {
        this.set((await readBacklog())?.events ?? 0);
      },
    });
    new Gauge({
      name: 'vigil_fold_lag_seconds',
      help: 'How long the oldest stored event not yet folded has waited; 0 when the fold is caught up. Pages are this late.',
      registers: [this.registry],
      async collect() {
        this.set((await readBacklog())?.oldestAgeSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'vigil_stream_connections',
      help: 'Live stream clients connected to this process, by transport.',
      labelNames: ['transport'],
      registers: [this.registry],
      collect() {
        const counts = probes.streamConnections?.() ?? { websocket: 0, sse: 0 };
        this.set({ transport: 'websocket' }, counts.websocket);
        this.set({ transport: 'sse' }, counts.sse);
      },
    });
    new Gauge({
      name: 'vigil_queue_jobs',
      help: 'Jobs per queue and state (waiting, delayed, active, completed, dead), as the queue backend counts them.',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const counts = (await probes.queueDepth?.()) ?? {};
        for (const [queue, states] of Object.entries(counts)) for (const [state, count] of Object.entries(states)) this.set({ queue, state }, count);
      },
    });
  }
}
