// Live stream: 1,000 WebSocket clients of one organisation in a load process of their own, and for 200
// events triggered one at a time the time from each 202 to the last client's receipt of its
// incident.triggered (floors p99 ≤ 50 ms embedded, ≤ 100 ms scaled). Embedded: `vigil start` on PGlite, then
// 10,000 idle connections and the server's RSS holding them (floor ≤ 500 MB). Scaled: two `vigil api` and a
// `vigil worker` on PostgreSQL + Redis, clients split between the api processes, events ingested through the
// first, so the second's clients are reached through Redis pub/sub.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { dropPrefix, randomPrefix } from '../test/redis-prefix.ts';
import { setUpTarget } from './api-client.ts';
import { onCleanup } from './cleanup.ts';
import type { IngestSettings } from './ingest.ts';
import type { StreamLoadResult, StreamLoadSpec } from './live-stream-load.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import { pinned } from './proc.ts';
import type { Report } from './report.ts';
import { repoRoot, ServerProcess, tempDataDir } from './server-process.ts';

const redisUrl = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const CLIENTS = Number(process.env["BENCH_STREAM_CLIENTS"] ?? 1_000);
const EVENTS = 200;
const WARMUP_EVENTS = 20;
const GAP_MS = 25;
const IDLE_CONNECTIONS = 10_000;
const FLOORS = { embeddedP99Ms: 50, scaledP99Ms: 100, idleRssMb: 500 };
/** How long connections sit before the server's memory is read. */
const IDLE_SETTLE_MS = 3_000;
const STREAM_ENV = { VIGIL_STREAM_MAX_CONNECTIONS_PER_ORG: String(IDLE_CONNECTIONS * 2) };

/** Runs the load process; `whileOpen` runs once every client is live (idle mode closes them after it). */
export async function runStreamLoad(spec: Omit<StreamLoadSpec, 'durationSeconds'>, cpus: string | undefined, whileOpen: () => Promise<void> = async () => undefined): Promise<StreamLoadResult> {
  const full: StreamLoadSpec = { ...spec, durationSeconds: 300 };
  const [command, args] = pinned(cpus, process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/live-stream-load.ts'), JSON.stringify(full)]);
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const stop = onCleanup('stop the live stream load process', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  let opened: () => void = () => undefined;
  const live = new Promise<void>((resolve) => (opened = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('start\n')) opened();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const limit = setTimeout(() => child.kill('SIGKILL'), full.durationSeconds * 1000);
  if ((await Promise.race([live.then(() => 'live'), exited.then(() => 'exited')])) === 'live') {
    await whileOpen();
    child.stdin.end('close\n');
  }
  const code = await exited;
  clearTimeout(limit);
  await stop();
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || !line || line === 'start') throw new Error(`live stream load failed (exit ${code}):\n${stderr.trim()}`);
  return JSON.parse(line) as StreamLoadResult;
}

function reportLatency(report: Report, scenario: string, result: StreamLoadResult, floorMs: number, servers: string[]): void {
  const perServer = result.perServer.map((figure, index) => `${servers[index]} p99 ${Math.round(figure.p99)} ms`).join(', ');
  console.log(
    `  ${scenario}: ${result.clients} clients, 202 → last client p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms; request sent → last client p50 ${result.fromSend.p50.toFixed(1)} ms, p99 ${result.fromSend.p99.toFixed(1)} ms${servers.length > 1 ? ` (${perServer})` : ''}; load process ${result.cpuPercent}% CPU`,
  );
  report.meta[`stream ${scenario}`] = result;
  report.measures.push({ scenario: `stream ${scenario}`, metric: '202 → last client p50', value: result.p50, unit: 'ms', note: `${result.clients} clients, ${EVENTS} events` });
  report.measures.push({ scenario: `stream ${scenario}`, metric: '202 → last client p99', value: result.p99, unit: 'ms', note: 'the issue cites ~14 ms for a bare ws broadcast; "stream reference" has this machine\'s' });
  report.measures.push({ scenario: `stream ${scenario}`, metric: 'request sent → last client p99', value: result.fromSend.p99, unit: 'ms', note: 'includes the 202 itself' });
  report.check(`stream ${scenario}: non-2xx answers`, result.non202, '', { equals: 0 }, 'assertion');
  report.check(`stream ${scenario}: messages missing`, result.missing, '', { equals: 0 }, 'assertion');
  report.check(`stream ${scenario}: messages received twice`, result.duplicates, '', { equals: 0 }, 'assertion');
  report.check(`stream ${scenario}: 202 → last of ${CLIENTS} clients p99`, result.p99, 'ms', { atMost: floorMs });
}

/** Opens IDLE_CONNECTIONS clients on `server` and reads its RSS before and while holding them. */
async function idleConnections(report: Report, scenario: string, server: ServerProcess, common: Omit<StreamLoadSpec, 'mode' | 'clients' | 'events' | 'warmupEvents' | 'durationSeconds'>, settings: IngestSettings) {
  await delay(IDLE_SETTLE_MS);
  const before = server.memory()?.rssMb ?? NaN;
  let held = NaN;
  let openedMs = NaN;
  const opening = performance.now();
  await runStreamLoad({ ...common, mode: 'idle', clients: IDLE_CONNECTIONS, events: 0, warmupEvents: 0 }, settings.pinning.load, async () => {
    openedMs = performance.now() - opening;
    await delay(IDLE_SETTLE_MS);
    held = server.memory()?.rssMb ?? NaN;
  });
  const label = `${server.label.split(' :')[0]}`;
  console.log(
    `  ${scenario}, ${label}: ${IDLE_CONNECTIONS} idle connections opened in ${(openedMs / 1000).toFixed(1)} s (200 at a time, from the load process's start); RSS ${Math.round(before)} MB before, ${Math.round(held)} MB holding them (${(((held - before) * 1024) / IDLE_CONNECTIONS).toFixed(1)} KB each)`,
  );
  report.measures.push({ scenario: `stream ${scenario}`, metric: `${label}: ${IDLE_CONNECTIONS} connections opened`, value: openedMs, unit: 'ms', note: '200 at a time, each authenticated by API key' });
  report.measures.push({ scenario: `stream ${scenario}`, metric: `${label}: RSS before connections`, value: before, unit: 'MB' });
  report.measures.push({ scenario: `stream ${scenario}`, metric: `${label}: RSS, ${IDLE_CONNECTIONS} idle connections`, value: held, unit: 'MB', note: `${IDLE_SETTLE_MS / 1000} s after the last opened` });
  report.check(`stream ${scenario}, ${label}: RSS holding ${IDLE_CONNECTIONS} idle connections`, held, 'MB', { atMost: FLOORS.idleRssMb });
}

/** This machine's floor: the same clients and events against a bare `ws` broadcast (bench/bare-broadcast-server.ts). */
async function bareBroadcastReference(report: Report, settings: IngestSettings): Promise<void> {
  const [command, args] = pinned(settings.pinning.server, process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/bare-broadcast-server.ts')]);
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = onCleanup('stop the bare ws broadcast server', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve((JSON.parse(output.split('\n')[0]!) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`the bare ws broadcast server exited (${code})`)));
    });
    const result = await runStreamLoad({ mode: 'latency', servers: [url], token: 'none', ingestUrl: url, routingKey: 'none', clients: CLIENTS, events: EVENTS, warmupEvents: WARMUP_EVENTS, gapMs: GAP_MS }, settings.pinning.load);
    console.log(`  reference, a bare ws broadcast (no store): 202 → last client p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`);
    report.meta['stream reference'] = result;
    report.measures.push({ scenario: 'stream reference', metric: 'bare ws broadcast: 202 → last client p50', value: result.p50, unit: 'ms', note: `the same ${result.clients} clients and events, no store` });
    report.measures.push({ scenario: 'stream reference', metric: 'bare ws broadcast: 202 → last client p99', value: result.p99, unit: 'ms', note: "this machine's floor for the figures below" });
    report.check('stream reference: messages missing', result.missing, '', { equals: 0 }, 'assertion');
  } finally {
    await stop();
  }
}

export async function streamEmbeddedSuite(report: Report, settings: IngestSettings): Promise<void> {
  console.log(`Live stream, embedded: vigil start on PGlite, ${CLIENTS} WebSocket clients in a load process`);
  await bareBroadcastReference(report, settings);
  const data = tempDataDir('stream');
  try {
    const server = await ServerProcess.start({ role: 'start', dataDir: data.dir, cpus: settings.pinning.server, env: STREAM_ENV });
    const target = await setUpTarget(server.url);
    const common = { servers: [server.url], token: target.token, ingestUrl: server.url, routingKey: target.routingKey, gapMs: GAP_MS };
    let cpuBefore = 0;
    const latency = await runStreamLoad({ ...common, mode: 'latency', clients: CLIENTS, events: EVENTS, warmupEvents: WARMUP_EVENTS }, settings.pinning.load, async () => {
      cpuBefore = server.cpuSeconds() ?? NaN;
    });
    reportLatency(report, 'embedded', latency, FLOORS.embeddedP99Ms, ['vigil start']);
    // What each event costs the server (ingest, fold, relay, the broadcast to every client): near a whole core
    // at this pace on a slow machine, which is what the tail then measures.
    const cpuPerEvent = (((server.cpuSeconds() ?? NaN) - cpuBefore) * 1000) / (EVENTS + WARMUP_EVENTS);
    console.log(`  embedded: server CPU ${cpuPerEvent.toFixed(1)} ms per event`);
    report.measures.push({ scenario: 'stream embedded', metric: 'server CPU per event', value: cpuPerEvent, unit: 'ms', note: `ingest to the last of ${CLIENTS} clients, one every ${GAP_MS} ms after each 202` });

    await idleConnections(report, 'embedded', server, common, settings);
    await server.stop();
  } finally {
    await data.remove();
  }
}

export async function streamScaledSuite(report: Report, settings: IngestSettings): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'stream:scaled', reason: `PostgreSQL not reachable (${version.error}); set BENCH_POSTGRES_URL` });
    return;
  }
  const prefix = randomPrefix('bench-stream');
  const dropKeys = onCleanup(`drop redis keys ${prefix}:*`, () => dropPrefix(redisUrl, prefix));
  try {
    await dropPrefix(redisUrl, prefix); // also checks that Redis answers
  } catch (error) {
    await dropKeys().catch(() => undefined);
    report.skipped.push({ suite: 'stream:scaled', reason: `Redis not reachable at ${redisUrl} (${(error as Error).message}); set BENCH_REDIS_URL` });
    return;
  }
  console.log(`Live stream, scaled: two vigil api and a vigil worker on PostgreSQL ${version.version} + Redis, ${CLIENTS} clients split between the api processes`);
  const database = await createBenchDatabase();
  try {
    const env = { ...STREAM_ENV, REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix, VIGIL_SECRET_KEY: randomBytes(32).toString('hex') };
    const a = await ServerProcess.start({ role: 'api', databaseUrl: database.url, cpus: settings.pinning.server, env });
    const [b, worker] = await Promise.all([
      ServerProcess.start({ role: 'api', databaseUrl: database.url, cpus: settings.pinning.server, env }),
      ServerProcess.start({ role: 'worker', databaseUrl: database.url, cpus: settings.pinning.server, env }),
    ]);
    const target = await setUpTarget(a.url);
    const latency = await runStreamLoad(
      { mode: 'latency', servers: [a.url, b.url], token: target.token, ingestUrl: a.url, routingKey: target.routingKey, clients: CLIENTS, events: EVENTS, warmupEvents: WARMUP_EVENTS, gapMs: GAP_MS },
      settings.pinning.load,
    );
    reportLatency(report, 'scaled', latency, FLOORS.scaledP99Ms, ['api A (ingests)', 'api B (through Redis)']);
    await idleConnections(report, 'scaled', b, { servers: [b.url], token: target.token, ingestUrl: b.url, routingKey: target.routingKey, gapMs: GAP_MS }, settings);
    await Promise.all([a.stop(), b.stop(), worker.stop()]);
  } finally {
    await database.drop();
    await dropKeys();
  }
}
