// Scaling bench: ingest throughput on PostgreSQL + Redis with one `vigil api` process, then with two (each
// under the same closed-loop load), and the ratio (target: two ≥ 1.6 × one); then the live stream's
// 202 → last client latency while 2,000 events/s are ingested across both api processes. A worker and a
// scheduler run beside them, as in a real scaled deployment.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dropPrefix, randomPrefix } from '../test/redis-prefix.ts';
import { type BenchTarget, setUpTarget, waitForFold } from './api-client.ts';
import { onCleanup } from './cleanup.ts';
import type { IngestSettings } from './ingest.ts';
import { runStreamLoad } from './live-stream.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { runLoad } from './load-runner.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import { cpuPercent, machineBusyPercent, machineCpu } from './proc.ts';
import type { Report } from './report.ts';
import { ServerProcess } from './server-process.ts';
import { closedLoopGenerator } from './wrk-run.ts';

const redisUrl = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const FLOORS = { scalingRatio: 1.6, streamUnderLoadP99Ms: 100 };
const BACKGROUND_RATE = 2_000;
const STREAM_CLIENTS = 100;
const STREAM_EVENTS = 200;
const STREAM_GAP_MS = 25;
const STREAM_BACKGROUND_EXTRA_S = 30;

/** CPU over a load run, in percent of one core: Vigil's api processes, its worker and scheduler, the load generators, the machine. */
interface CpuUse {
  api: Array<number | null>;
  background: number | null;
  load: number;
  machine: number | null;
}

/**
 * Closed-loop load on every server at once, `connections` each; answers events/s over all of them and the CPU
 * every process used meanwhile (measured from when the first generator's requests begin).
 */
async function loadAll(settings: IngestSettings, servers: ServerProcess[], target: BenchTarget, label: string, extra: Partial<LoadSpec> = {}, others: ServerProcess[] = []): Promise<{ eventsPerSecond: number; results: LoadResult[]; cpu: CpuUse }> {
  const cpuOf = () => ({ api: servers.map((server) => server.cpuSeconds()), background: others.map((server) => server.cpuSeconds()), machine: machineCpu(), at: performance.now() });
  let before = cpuOf();
  let started = false;
  const results = await Promise.all(
    servers.map((server, index) =>
      runLoad(
        { url: server.url, routingKey: target.routingKey, connections: settings.connections, durationSeconds: settings.durationSeconds, keys: 'unique', repeatKeys: 100, keyPrefix: `${label}-${index}`, generator: closedLoopGenerator, ...extra },
        undefined,
        () => {
          if (started) return;
          started = true;
          before = cpuOf();
        },
      ),
    ),
  );
  const after = cpuOf();
  const seconds = (after.at - before.at) / 1000;
  const sum = (values: Array<number | undefined>) => (values.some((value) => value === undefined) ? undefined : values.reduce<number>((total, value) => total + (value ?? 0), 0));
  const cpu: CpuUse = {
    api: servers.map((_, index) => cpuPercent(before.api[index], after.api[index], seconds)),
    background: cpuPercent(sum(before.background), sum(after.background), seconds),
    load: results.reduce((total, result) => total + result.cpuPercent, 0),
    machine: machineBusyPercent(before.machine, after.machine),
  };
  const eventsPerSecond = results.reduce((sum, result) => sum + result.ok2xx / result.durationSeconds, 0);
  return { eventsPerSecond, results, cpu };
}

/** A percentile of no samples (no event reached every client) comes back from the load process as null. */
const milliseconds = (value: number | null) => (value === null || Number.isNaN(value) ? 'n/a' : value.toFixed(1));
const closures = (closed: Record<string, number>) => (Object.keys(closed).length === 0 ? '' : `; closed by the server: ${Object.entries(closed).map(([why, count]) => `${count} × ${why}`).join(', ')}`);
const percent = (value: number | null) => (value === null ? '?' : `${value}%`);

function throughput(report: Report, scenario: string, outcome: { eventsPerSecond: number; results: LoadResult[]; cpu: CpuUse }, foldCatchUpMs: number | null): void {
  const p99 = Math.max(...outcome.results.map((result) => result.latencyMs.p99));
  const non2xx = outcome.results.reduce((sum, result) => sum + result.non2xx + result.errors + result.timeouts, 0);
  console.log(`  ${scenario}: ${Math.round(outcome.eventsPerSecond)} events/s, worst p99 ${p99} ms, non-2xx/errors ${non2xx}, fold ${foldCatchUpMs === null ? 'not caught up' : `caught up in ${(foldCatchUpMs / 1000).toFixed(1)} s`}`);
  report.measures.push({ scenario: `scale ${scenario}`, metric: 'events/s', value: outcome.eventsPerSecond, unit: 'events/s', note: `${outcome.results.length} × ${outcome.results[0]?.durationSeconds ?? 0} s closed loop` });
  report.measures.push({ scenario: `scale ${scenario}`, metric: 'worst p99', value: p99, unit: 'ms' });
  const { cpu } = outcome;
  const cpuNote = `api ${cpu.api.map(percent).join(' + ')}, worker and scheduler ${percent(cpu.background)}, load ${cpu.load}%, machine ${percent(cpu.machine)} of ${availableParallelism() * 100}%`;
  console.log(`    CPU (100% = one core): ${cpuNote}`);
  report.measures.push({ scenario: `scale ${scenario}`, metric: 'machine CPU', value: cpu.machine ?? NaN, unit: '%', note: cpuNote });
  report.check(`scale ${scenario}: non-2xx answers and errors`, non2xx, '', { equals: 0 }, 'assertion');
}

export async function scaleSuite(report: Report, settings: IngestSettings): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'scale', reason: `PostgreSQL not reachable (${version.error}); set BENCH_POSTGRES_URL` });
    return;
  }
  const prefix = randomPrefix('bench-scale');
  const dropKeys = onCleanup(`drop redis keys ${prefix}:*`, () => dropPrefix(redisUrl, prefix));
  try {
    await dropPrefix(redisUrl, prefix);
  } catch (error) {
    await dropKeys().catch(() => undefined);
    report.skipped.push({ suite: 'scale', reason: `Redis not reachable at ${redisUrl} (${(error as Error).message}); set BENCH_REDIS_URL` });
    return;
  }
  console.log(`Scale: vigil api ×1 then ×2 (+ a worker and a scheduler; nothing pinned) on PostgreSQL ${version.version} + Redis, ${settings.connections} connections per api process`);
  const database = await createBenchDatabase();
  try {
    const env = { REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix, VIGIL_SECRET_KEY: randomBytes(32).toString('hex'), VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: '100000000' };
    // Nothing is pinned here: more processes are meant to use more cores. Pinned to the server's one core (as
    // the other suites pin their one server), two api processes, the worker and the scheduler shared it, which
    // measured that core rather than the design; and three load processes pinned to the other core starved
    // the stream's clients, whose receipt times are the figure.
    const start = (role: 'api' | 'worker' | 'scheduler') => ServerProcess.start({ role, databaseUrl: database.url, env });
    const a = await start('api');
    const [worker, scheduler] = await Promise.all([start('worker'), start('scheduler')]);
    const target = await setUpTarget(a.url);
    if (settings.warmupSeconds > 0) await loadAll({ ...settings, durationSeconds: settings.warmupSeconds }, [a], target, 'warm-1');
    await waitForFold(target, settings.foldWaitMs);

    const one = await loadAll(settings, [a], target, 'one', {}, [worker, scheduler]);
    throughput(report, '1 api process', one, await waitForFold(target, settings.foldWaitMs));

    const b = await start('api');
    if (settings.warmupSeconds > 0) await loadAll({ ...settings, durationSeconds: settings.warmupSeconds }, [b], target, 'warm-2');
    await waitForFold(target, settings.foldWaitMs);
    const two = await loadAll(settings, [a, b], target, 'two', {}, [worker, scheduler]);
    throughput(report, '2 api processes', two, await waitForFold(target, settings.foldWaitMs));
    const ratio = two.eventsPerSecond / one.eventsPerSecond;
    console.log(`  scaling: 2 processes = ${ratio.toFixed(2)} × 1`);
    report.check('scale: 2 api processes / 1', Number(ratio.toFixed(2)), '×', { atLeast: FLOORS.scalingRatio });

    // The stream while both api processes take a steady 2,000 events/s between them. The background outlasts the
    // probes: under load, opening the clients and sending the probes (each after the last one's 202) took ~15 s,
    // and probes sent once it had ended were timed on an idle server.
    const backgroundSeconds = settings.durationSeconds + STREAM_BACKGROUND_EXTRA_S;
    const backgroundFrom = performance.now();
    const background = loadAll({ ...settings, durationSeconds: backgroundSeconds }, [a, b], target, 'steady', { generator: 'paced', overallRate: BACKGROUND_RATE / 2, connections: 20 });
    const latency = await runStreamLoad(
      { mode: 'latency', servers: [a.url, b.url], token: target.token, ingestUrl: a.url, routingKey: target.routingKey, clients: STREAM_CLIENTS, events: STREAM_EVENTS, warmupEvents: 20, gapMs: STREAM_GAP_MS },
      undefined,
    );
    const streamSeconds = (performance.now() - backgroundFrom) / 1000;
    const steady = await background;
    console.log(
      `  stream under ${BACKGROUND_RATE} events/s (${Math.round(steady.eventsPerSecond)} achieved): ${latency.clients} clients, 202 → last client p50 ${milliseconds(latency.p50)} ms, p99 ${milliseconds(latency.p99)} ms, missing ${latency.missing}${closures(latency.closedByServer)}`,
    );
    report.measures.push({ scenario: 'scale stream under load', metric: 'background events/s', value: steady.eventsPerSecond, unit: 'events/s', note: `paced, ${BACKGROUND_RATE} asked` });
    report.measures.push({ scenario: 'scale stream under load', metric: '202 → last client p99', value: latency.p99 ?? NaN, unit: 'ms', note: `${latency.clients} clients over 2 api processes` });
    report.check('scale stream under load: messages missing', latency.missing, '', { equals: 0 }, 'assertion');
    console.log(`    the probes ended ${streamSeconds.toFixed(1)} s after the background load began, which ran ${backgroundSeconds} s`);
    report.check('scale stream under load: every probe sent while the background load ran (s)', Number(streamSeconds.toFixed(1)), 's', { atMost: backgroundSeconds }, 'assertion');
    report.check(`scale stream: 202 → last client p99 under ${BACKGROUND_RATE} events/s`, latency.p99 ?? Infinity, 'ms', { atMost: FLOORS.streamUnderLoadP99Ms });
    await Promise.all([a.stop(), b.stop(), worker.stop(), scheduler.stop()]);
  } finally {
    await database.drop();
    await dropKeys();
  }
}
