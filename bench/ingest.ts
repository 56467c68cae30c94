// Ingestion bench: POST /v2/enqueue at 50 connections with unique and repeating dedup keys, on PGlite (with
// and without fsync) and on PostgreSQL; a fixed-rate run at 1,000 events/s; idle memory; restart time.
import { setTimeout as delay } from 'node:timers/promises';
import { type BenchTarget, eventOutcomes, setUpTarget, waitForFold } from './api-client.ts';
import type { LoadSpec } from './load.ts';
import { measuredLoad, runLoad } from './load-runner.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import type { Pinning } from './proc.ts';
import type { Report } from './report.ts';
import { ServerProcess, tempDataDir } from './server-process.ts';
import { closedLoopGenerator } from './wrk-run.ts';

export interface IngestSettings {
  durationSeconds: number;
  connections: number;
  repeatKeys: number;
  fixedRate: number;
  /** Longest wait for the fold to catch up after a run. */
  foldWaitMs: number;
  /** Load before the measured runs of each server, not reported (JIT, connection pools); 0 for none. */
  warmupSeconds: number;
  /** Time a freshly started server is left alone before its idle RSS is read. */
  settleMs: number;
  pinning: Pinning;
}

const FLOORS = {
  postgresEventsPerSecond: 10_000,
  pgliteEventsPerSecond: 5_000,
  fixedRateP99Ms: 50,
  idleRssEmbeddedMb: 450,
  idleRssApiPostgresMb: 150,
  restartMs: 3_000,
};

/** Rate limiting is not what this measures. */
const UNLIMITED = { VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: '100000000' };

type Store = 'pglite' | 'postgres';

/** Counts what was sent to one server, to compare with what it stored. */
interface Sent {
  sent: number;
  acknowledged: number;
}

async function throughputRun(report: Report, settings: IngestSettings, server: ServerProcess, target: BenchTarget, sent: Sent, scenario: string, store: Store, fsync: boolean | null, keys: 'unique' | 'repeat'): Promise<void> {
  const spec: LoadSpec = {
    url: server.url,
    routingKey: target.routingKey,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    keys,
    repeatKeys: settings.repeatKeys,
    keyPrefix: `${keys}-${report.throughput.length}`,
    generator: closedLoopGenerator,
  };
  process.stdout.write(`  ${scenario}: ${settings.durationSeconds} s at ${settings.connections} connections… `);
  server.beginPeak();
  const { result, elapsedSeconds: elapsed, serverCpuPercent: serverCpu, otherCpuPercent } = await measuredLoad(server, 'bench/load.ts', spec, settings.pinning.load);
  const foldCatchUpMs = await waitForFold(target, settings.foldWaitMs);
  const peakRssMb = server.endPeak();
  sent.sent += result.sent;
  sent.acknowledged += result.ok2xx;
  const figure = {
    scenario,
    store,
    fsync,
    keys,
    generator: closedLoopGenerator,
    connections: settings.connections,
    durationSeconds: result.durationSeconds,
    eventsPerSecond: result.ok2xx / result.durationSeconds,
    ok2xx: result.ok2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodes,
    latencyMs: result.latencyMs,
    peakRssMb,
    serverCpuPercent: serverCpu,
    eventsPerServerCpuSecond: serverCpu ? result.ok2xx / ((serverCpu / 100) * elapsed) : null,
    loadCpuPercent: result.cpuPercent,
    otherCpuPercent,
    foldCatchUpMs,
  };
  report.throughput.push(figure);
  console.log(
    `${Math.round(figure.eventsPerSecond)} events/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, ` +
      `fold ${foldCatchUpMs === null ? `not caught up after ${settings.foldWaitMs / 1000} s` : `caught up in ${(foldCatchUpMs / 1000).toFixed(1)} s`}`,
  );
  report.check(`${scenario}: non-2xx answers`, result.non2xx, '', { equals: 0 }, 'assertion');
  report.check(`${scenario}: connection errors and timeouts`, result.errors + result.timeouts, '', { equals: 0 }, 'assertion');
  if (fsync !== false) {
    const floor = store === 'postgres' ? FLOORS.postgresEventsPerSecond : FLOORS.pgliteEventsPerSecond;
    report.check(`${scenario}: events/s`, Math.round(figure.eventsPerSecond), 'events/s', { atLeast: floor });
  }
}

/** A short unmeasured run, so the figures describe a warmed-up server (JIT-compiled, pools open), then a wait for the fold. */
async function warmUp(settings: IngestSettings, server: ServerProcess, target: BenchTarget, sent: Sent): Promise<void> {
  if (settings.warmupSeconds <= 0) return;
  const spec: LoadSpec = {
    url: server.url,
    routingKey: target.routingKey,
    connections: settings.connections,
    durationSeconds: settings.warmupSeconds,
    keys: 'unique',
    repeatKeys: settings.repeatKeys,
    keyPrefix: 'warmup',
    generator: closedLoopGenerator,
  };
  process.stdout.write(`  warm-up: ${settings.warmupSeconds} s, not reported… `);
  const result = await runLoad(spec, settings.pinning.load);
  sent.sent += result.sent;
  sent.acknowledged += result.ok2xx;
  const fold = await waitForFold(target, settings.foldWaitMs);
  console.log(`${Math.round(result.ok2xx / result.durationSeconds)} events/s, non-2xx ${result.non2xx}, fold ${fold === null ? 'not caught up' : `caught up in ${(fold / 1000).toFixed(1)} s`}`);
}

async function fixedRateRun(report: Report, settings: IngestSettings, server: ServerProcess, target: BenchTarget, sent: Sent, scenario: string, store: Store, generator: 'paced' | 'autocannon'): Promise<void> {
  const spec: LoadSpec = {
    url: server.url,
    routingKey: target.routingKey,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    keys: 'unique',
    repeatKeys: settings.repeatKeys,
    keyPrefix: `fixed-${report.fixedRate.length}`,
    overallRate: settings.fixedRate,
    generator,
  };
  process.stdout.write(`  ${scenario} (${generator}): ${settings.fixedRate} events/s for ${settings.durationSeconds} s… `);
  server.beginPeak();
  const { result, serverCpuPercent: serverCpu } = await measuredLoad(server, 'bench/load.ts', spec, settings.pinning.load);
  const peakRssMb = server.endPeak();
  sent.sent += result.sent;
  sent.acknowledged += result.ok2xx;
  report.fixedRate.push({
    scenario,
    store,
    generator,
    targetRate: settings.fixedRate,
    achievedRate: result.ok2xx / result.durationSeconds,
    connections: settings.connections,
    durationSeconds: result.durationSeconds,
    ok2xx: result.ok2xx,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latencyMs: result.latencyMs,
    peakRssMb,
    serverCpuPercent: serverCpu,
  });
  const fmt = (value: number) => (value >= 100 ? Math.round(value) : value.toFixed(1));
  console.log(`p50 ${fmt(result.latencyMs.p50)} ms, p99 ${fmt(result.latencyMs.p99)} ms, max ${fmt(result.latencyMs.max)} ms, non-2xx ${result.non2xx}`);
  report.check(`${scenario} (${generator}): non-2xx answers`, result.non2xx, '', { equals: 0 }, 'assertion');
  report.check(`${scenario} (${generator}): connection errors and timeouts`, result.errors + result.timeouts, '', { equals: 0 }, 'assertion');
  // The floor is about a steady 1,000 events/s; autocannon's bursts are reported for reference only.
  if (generator === 'paced') report.check(`${scenario}: p99 latency (paced)`, Math.round(result.latencyMs.p99 * 10) / 10, 'ms', { atMost: FLOORS.fixedRateP99Ms });
  await waitForFold(target, settings.foldWaitMs);
}

/** The fixed-rate pair: steady (the floor) and autocannon's overallRate (for reference). */
async function fixedRateRuns(report: Report, settings: IngestSettings, server: ServerProcess, target: BenchTarget, sent: Sent, scenario: string, store: Store): Promise<void> {
  await fixedRateRun(report, settings, server, target, sent, scenario, store, 'paced');
  await fixedRateRun(report, settings, server, target, sent, scenario, store, 'autocannon');
}

/** Every acknowledged event must be in the store; stored may exceed 2xx by requests cut off when a run ended. */
async function checkStored(report: Report, target: BenchTarget, sent: Sent, scenario: string): Promise<void> {
  const outcomes = await eventOutcomes(target);
  const stored = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
  report.durability.push({ scenario, acknowledged: sent.acknowledged, sent: sent.sent, stored, outcomes });
  report.check(`${scenario}: acknowledged events missing from the store`, Math.max(0, sent.acknowledged - stored), '', { equals: 0 }, 'assertion');
}

async function idleRss(report: Report, settings: IngestSettings, server: ServerProcess, scenario: string, note: string): Promise<number> {
  await delay(settings.settleMs);
  const rssMb = server.memory()?.rssMb ?? NaN;
  report.measures.push({ scenario, metric: 'idle RSS', value: rssMb, unit: 'MB', note });
  console.log(`  ${scenario}: idle RSS ${Math.round(rssMb)} MB`);
  return rssMb;
}

/** PGlite with fsync on (the default): throughput, fixed rate, idle RSS, restart on the data dir it filled. */
export async function pgliteSuite(report: Report, settings: IngestSettings): Promise<void> {
  const data = tempDataDir('pglite');
  try {
    console.log('PGlite, fsync on (default)');
    const server = await ServerProcess.start({ role: 'start', dataDir: data.dir, env: UNLIMITED, cpus: settings.pinning.server });
    report.measures.push({ scenario: 'vigil start, PGlite, new data dir', metric: 'time to ready', value: server.readyMs, unit: 'ms', note: 'creates the database' });
    console.log(`  first start on a new data dir: ready in ${Math.round(server.readyMs)} ms`);
    const target = await setUpTarget(server.url);
    const idleFresh = await idleRss(report, settings, server, 'vigil start, PGlite, after setup', `${settings.settleMs / 1000} s after setup`);
    report.check('idle RSS, vigil start on PGlite (new data dir)', Math.round(idleFresh), 'MB', { atMost: FLOORS.idleRssEmbeddedMb });
    const sent: Sent = { sent: 0, acknowledged: 0 };
    await warmUp(settings, server, target, sent);
    await throughputRun(report, settings, server, target, sent, 'PGlite fsync, unique keys', 'pglite', true, 'unique');
    await throughputRun(report, settings, server, target, sent, `PGlite fsync, ${settings.repeatKeys} repeating keys`, 'pglite', true, 'repeat');
    await fixedRateRuns(report, settings, server, target, sent, `PGlite fsync, ${settings.fixedRate}/s`, 'pglite');
    await checkStored(report, target, sent, 'PGlite fsync');
    const stopMs = await server.stop();
    report.measures.push({ scenario: 'vigil start, PGlite', metric: 'time to stop', value: stopMs, unit: 'ms', note: 'SIGTERM to exit' });

    // Restart on the data dir the runs above filled (not pinned: a restart has the machine to itself).
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const again = await ServerProcess.start({ role: 'start', dataDir: data.dir });
      report.measures.push({ scenario: `node bin/vigil.js start, existing data dir (#${attempt})`, metric: 'time to ready', value: again.readyMs, unit: 'ms', note: `${sent.acknowledged} events stored` });
      console.log(`  restart #${attempt} (node bin/vigil.js start) on the existing data dir: ready in ${Math.round(again.readyMs)} ms`);
      report.check(`restart to ready, node bin/vigil.js start (#${attempt})`, Math.round(again.readyMs), 'ms', { atMost: FLOORS.restartMs });
      if (attempt === 1) {
        const idleRestarted = await idleRss(report, settings, again, 'vigil start, PGlite, restarted on existing data', `${settings.settleMs / 1000} s after ready`);
        report.check('idle RSS, vigil start on PGlite (restarted, existing data)', Math.round(idleRestarted), 'MB', { atMost: FLOORS.idleRssEmbeddedMb });
      }
      await again.stop();
    }
    const viaNpm = await ServerProcess.start({ role: 'start', dataDir: data.dir, viaNpm: true });
    report.measures.push({ scenario: 'npm start, existing data dir', metric: 'time to ready', value: viaNpm.readyMs, unit: 'ms', note: 'includes npm itself' });
    console.log(`  restart (npm start) on the existing data dir: ready in ${Math.round(viaNpm.readyMs)} ms`);
    report.check('restart to ready, npm start', Math.round(viaNpm.readyMs), 'ms', { atMost: FLOORS.restartMs });
    await viaNpm.stop();
  } finally {
    await data.remove();
  }
}

/** PGlite with VIGIL_EMBEDDED_FSYNC=false: what fsync costs (compare with the PGlite fsync rows). */
export async function pgliteNoFsyncSuite(report: Report, settings: IngestSettings): Promise<void> {
  const data = tempDataDir('pglite-nofsync');
  try {
    console.log('PGlite, fsync off (VIGIL_EMBEDDED_FSYNC=false, to measure the cost of fsync)');
    const server = await ServerProcess.start({ role: 'start', dataDir: data.dir, env: { ...UNLIMITED, VIGIL_EMBEDDED_FSYNC: 'false' }, cpus: settings.pinning.server });
    const target = await setUpTarget(server.url);
    const sent: Sent = { sent: 0, acknowledged: 0 };
    await warmUp(settings, server, target, sent);
    await throughputRun(report, settings, server, target, sent, 'PGlite no fsync, unique keys', 'pglite', false, 'unique');
    await throughputRun(report, settings, server, target, sent, `PGlite no fsync, ${settings.repeatKeys} repeating keys`, 'pglite', false, 'repeat');
    await checkStored(report, target, sent, 'PGlite no fsync');
    await server.stop();
  } finally {
    await data.remove();
  }
}

/** PostgreSQL: throughput and fixed rate on `vigil start`, then the idle RSS of a `vigil api` process. */
export async function postgresSuite(report: Report, settings: IngestSettings): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'ingest:postgres', reason: `PostgreSQL not reachable (${version.error}); set BENCH_POSTGRES_URL` });
    console.log(`PostgreSQL: skipped, not reachable (${version.error})`);
    return;
  }
  report.meta['postgres'] = version.version;
  const database = await createBenchDatabase();
  try {
    console.log(`PostgreSQL ${version.version} (database ${database.name})`);
    const server = await ServerProcess.start({ role: 'start', databaseUrl: database.url, env: UNLIMITED, cpus: settings.pinning.server });
    report.measures.push({ scenario: 'vigil start, PostgreSQL, new database', metric: 'time to ready', value: server.readyMs, unit: 'ms', note: 'runs the migrations' });
    const target = await setUpTarget(server.url);
    await idleRss(report, settings, server, 'vigil start, PostgreSQL, after setup', `${settings.settleMs / 1000} s after setup`);
    const sent: Sent = { sent: 0, acknowledged: 0 };
    await warmUp(settings, server, target, sent);
    await throughputRun(report, settings, server, target, sent, 'PostgreSQL, unique keys', 'postgres', null, 'unique');
    await throughputRun(report, settings, server, target, sent, `PostgreSQL, ${settings.repeatKeys} repeating keys`, 'postgres', null, 'repeat');
    await fixedRateRuns(report, settings, server, target, sent, `PostgreSQL, ${settings.fixedRate}/s`, 'postgres');
    await checkStored(report, target, sent, 'PostgreSQL');
    await server.stop();

    const api = await ServerProcess.start({ role: 'api', databaseUrl: database.url });
    report.measures.push({ scenario: 'vigil api, PostgreSQL, existing database', metric: 'time to ready', value: api.readyMs, unit: 'ms' });
    const idle = await idleRss(report, settings, api, 'vigil api, PostgreSQL', `${settings.settleMs / 1000} s after ready, ${sent.acknowledged} events in the database`);
    report.check('idle RSS, vigil api on PostgreSQL', Math.round(idle), 'MB', { atMost: FLOORS.idleRssApiPostgresMb });
    await api.stop();
  } finally {
    await database.drop();
  }
}
