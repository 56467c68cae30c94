// `integrations:alertmanager`: POST /integrations/{key} of an alertmanager integration with Alertmanager webhook
// payloads of 100 alerts each, at many connections, on PostgreSQL. Floor: 20,000 alerts/s accepted (issue 4).
import { type BenchTarget, eventOutcomes, waitForFold } from './api-client.ts';
import type { AlertmanagerLoadSpec } from './alertmanager-load.ts';
import type { IngestSettings } from './ingest.ts';
import { measuredLoad } from './load-runner.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import type { Report } from './report.ts';
import { ServerProcess } from './server-process.ts';
import { closedLoopGenerator } from './wrk-run.ts';

const ALERTS_PER_REQUEST = 100;
const FLOOR_ALERTS_PER_SECOND = 20_000;
/** Rate limiting is not what this measures. */
const UNLIMITED = { VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: '100000000' };

async function call<T>(url: string, path: string, token: string | undefined, body: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** A new instance with a service and an alertmanager integration; `routingKey` holds its integration key. */
async function setUp(url: string): Promise<BenchTarget> {
  const { token } = await call<{ token: string }>(url, '/api/v1/setup', undefined, { organization: 'Bench Inc', email: 'bench@example.com', password: 'correct horse battery staple' });
  const service = await call<{ id: string }>(url, '/api/v1/services', token, { name: 'Alertmanager bench' });
  const integration = await call<{ integration_key: string }>(url, `/api/v1/services/${service.id}/integrations`, token, { type: 'alertmanager' });
  return { url, token, serviceId: service.id, routingKey: integration.integration_key };
}

interface Totals {
  sentAlerts: number;
  acknowledgedAlerts: number;
}

async function run(report: Report, settings: IngestSettings, server: ServerProcess, target: BenchTarget, totals: Totals, keys: 'unique' | 'repeat', measured: boolean): Promise<void> {
  const durationSeconds = measured ? settings.durationSeconds : settings.warmupSeconds;
  const spec: AlertmanagerLoadSpec = {
    url: server.url,
    integrationKey: target.routingKey,
    connections: settings.connections,
    durationSeconds,
    alertsPerRequest: ALERTS_PER_REQUEST,
    keys,
    groups: 100,
    keyPrefix: `${keys}-${measured ? report.throughput.length : 'warmup'}`,
    generator: closedLoopGenerator,
  };
  const scenario = `Alertmanager webhook, ${ALERTS_PER_REQUEST} alerts/request, PostgreSQL, ${keys === 'unique' ? 'new alerts' : 'repeated groups'}`;
  process.stdout.write(`  ${measured ? scenario : 'warm-up (not reported)'}: ${durationSeconds} s at ${settings.connections} connections… `);
  server.beginPeak();
  const { result, elapsedSeconds: elapsed, serverCpuPercent: serverCpu, otherCpuPercent } = await measuredLoad(server, 'bench/alertmanager-load.ts', spec, settings.pinning.load);
  const foldCatchUpMs = await waitForFold(target, settings.foldWaitMs);
  const peakRssMb = server.endPeak();
  totals.sentAlerts += result.sent * ALERTS_PER_REQUEST;
  totals.acknowledgedAlerts += result.ok2xx * ALERTS_PER_REQUEST;
  const alertsPerSecond = (result.ok2xx * ALERTS_PER_REQUEST) / result.durationSeconds;
  const fold = foldCatchUpMs === null ? `not caught up after ${settings.foldWaitMs / 1000} s` : `caught up in ${(foldCatchUpMs / 1000).toFixed(1)} s`;
  console.log(
    `${Math.round(alertsPerSecond)} alerts/s (${Math.round(result.ok2xx / result.durationSeconds)} requests/s), p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, fold ${fold}`,
  );
  if (!measured) return;
  report.throughput.push({
    scenario,
    store: 'postgres',
    fsync: null,
    generator: closedLoopGenerator,
    keys,
    connections: settings.connections,
    durationSeconds: result.durationSeconds,
    // Counted in alerts (events), like the other rows; requests/s is this divided by 100.
    eventsPerSecond: alertsPerSecond,
    ok2xx: result.ok2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodes,
    latencyMs: result.latencyMs,
    peakRssMb,
    serverCpuPercent: serverCpu,
    eventsPerServerCpuSecond: serverCpu ? (result.ok2xx * ALERTS_PER_REQUEST) / ((serverCpu / 100) * elapsed) : null,
    loadCpuPercent: result.cpuPercent,
    otherCpuPercent,
    foldCatchUpMs,
  });
  report.check(`${scenario}: non-2xx answers`, result.non2xx, '', { equals: 0 }, 'assertion');
  report.check(`${scenario}: connection errors and timeouts`, result.errors + result.timeouts, '', { equals: 0 }, 'assertion');
  report.check(`${scenario}: alerts/s`, Math.round(alertsPerSecond), 'alerts/s', { atLeast: FLOOR_ALERTS_PER_SECOND });
}

export async function alertmanagerPostgresSuite(report: Report, settings: IngestSettings): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'integrations:alertmanager', reason: `PostgreSQL not reachable (${version.error}); set BENCH_POSTGRES_URL` });
    console.log(`Alertmanager on PostgreSQL: skipped, not reachable (${version.error})`);
    return;
  }
  const database = await createBenchDatabase();
  try {
    console.log(`Alertmanager webhooks (${ALERTS_PER_REQUEST} alerts per request) on PostgreSQL ${version.version} (database ${database.name})`);
    const server = await ServerProcess.start({ role: 'start', databaseUrl: database.url, env: UNLIMITED, cpus: settings.pinning.server });
    const target = await setUp(server.url);
    const totals: Totals = { sentAlerts: 0, acknowledgedAlerts: 0 };
    if (settings.warmupSeconds > 0) await run(report, settings, server, target, totals, 'unique', false);
    await run(report, settings, server, target, totals, 'unique', true);
    await run(report, settings, server, target, totals, 'repeat', true);
    const outcomes = await eventOutcomes(target);
    const stored = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
    report.durability.push({ scenario: 'Alertmanager webhooks, PostgreSQL (alerts)', acknowledged: totals.acknowledgedAlerts, sent: totals.sentAlerts, stored, outcomes });
    report.check('Alertmanager webhooks: acknowledged alerts missing from the store', Math.max(0, totals.acknowledgedAlerts - stored), '', { equals: 0 }, 'assertion');
    await server.stop();
  } finally {
    await database.drop();
  }
}
