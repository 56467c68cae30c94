// Outgoing webhook fan-out: a `vigil start` on PostgreSQL with its queue on Redis (BullMQ), 100 subscriptions
// of one organisation pointed at a local receiver in the bench process, and incidents triggered through
// /v2/enqueue so that each incident.triggered event is delivered to every subscription. Two runs of 10,000
// deliveries each: a burst (100 events at once) for deliveries/s, from the first receipt to the last; and a
// steady 10 events/s for 10 s (1,000 deliveries/s offered) for the latency from the event's arrival (the
// payload's `timestamp`) to its receipt. Every delivery must arrive exactly once with a valid signature.
// Floor: ≥ 1,000 deliveries/s.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { dropPrefix, randomPrefix } from '../test/redis-prefix.ts';
import { type BenchTarget, setUpTarget } from './api-client.ts';
import { onCleanup } from './cleanup.ts';
import type { IngestSettings } from './ingest.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import type { Report } from './report.ts';
import { cpuPercent, machineBusyPercent, machineCpu } from './proc.ts';
import { ServerProcess } from './server-process.ts';

const redisUrl = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SUBSCRIPTIONS = 100;
const BURST_EVENTS = 100;
const PACED_RATE = 10;
const PACED_SECONDS = 10;
const FLOOR_DELIVERIES_PER_SECOND = 1_000;
const SIGNATURE_SAMPLE = 200;
/** Longest wait for a run's last delivery. */
const DRAIN_LIMIT_MS = 120_000;

interface Receipt {
  id: string;
  path: string;
  /** Epoch milliseconds, sub-millisecond precision. */
  at: number;
  eventAt: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The local receiver: answers 200 at once and records every request. */
async function startReceiver() {
  const receipts: Receipt[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.timeOrigin + performance.now();
      const body = Buffer.concat(chunks).toString('utf8');
      const { timestamp } = JSON.parse(body) as { timestamp: string };
      receipts.push({ id: String(request.headers['webhook-id']), path: request.url ?? '', at, eventAt: Date.parse(timestamp), headers: request.headers, body });
      response.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const stop = onCleanup('stop the webhook receiver', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { receipts, url: `http://127.0.0.1:${port}`, stop };
}

async function call<T>(target: BenchTarget, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function trigger(target: BenchTarget, dedupKey: string): Promise<void> {
  const response = await fetch(`${target.url}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: target.routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: `bench ${dedupKey}`, source: 'bench', severity: 'critical' } }),
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  if (response.status !== 202) throw new Error(`/v2/enqueue answered ${response.status}`);
}

/** Standard Webhooks verification from the spec, with node:crypto. */
function verifies(secret: string, receipt: Receipt): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${receipt.id}.${String(receipt.headers['webhook-timestamp'])}.${receipt.body}`).digest('base64'));
  return String(receipt.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const given = Buffer.from(signature.replace(/^v1,/, ''));
      return signature.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function waitForReceipts(receipts: Receipt[], expected: number): Promise<boolean> {
  const deadline = performance.now() + DRAIN_LIMIT_MS;
  while (receipts.length < expected && performance.now() < deadline) await delay(50);
  await delay(1_000); // anything sent twice arrives now
  return receipts.length >= expected;
}

interface RunResult {
  /** CPU the server process used per delivery, and the machine's load over the run (percent of one core). */
  serverCpuMsPerDelivery: number | null;
  serverCpuPercent: number | null;
  machineBusyPercent: number | null;
  deliveries: number;
  expected: number;
  duplicates: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

interface Usage {
  server: number | undefined;
  machine: ReturnType<typeof machineCpu>;
  at: number;
}

const usage = (server: ServerProcess): Usage => ({ server: server.cpuSeconds(), machine: machineCpu(), at: performance.now() });

function summarise(receipts: Receipt[], expected: number, from: Usage, to: Usage): RunResult {
  const seconds = (to.at - from.at) / 1000;
  const serverCpu = from.server !== undefined && to.server !== undefined ? to.server - from.server : undefined;
  const unique = new Set(receipts.map((receipt) => `${receipt.path} ${receipt.id}`));
  const times = receipts.map((receipt) => receipt.at).sort((a, b) => a - b);
  const spanS = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  const latencies = receipts.map((receipt) => receipt.at - receipt.eventAt).sort((a, b) => a - b);
  return {
    serverCpuMsPerDelivery: serverCpu === undefined || receipts.length === 0 ? null : Math.round((serverCpu * 1000 * 100) / receipts.length) / 100,
    serverCpuPercent: cpuPercent(from.server, to.server, seconds),
    machineBusyPercent: machineBusyPercent(from.machine, to.machine),
    deliveries: unique.size,
    expected,
    duplicates: receipts.length - unique.size,
    perSecond: spanS > 0 ? Math.round(receipts.length / spanS) : NaN,
    latencyMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.at(-1) ?? NaN) },
  };
}

export async function webhooksFanoutSuite(report: Report, settings: IngestSettings): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'webhooks:fanout', reason: `PostgreSQL not reachable (${version.error}); set BENCH_POSTGRES_URL` });
    return;
  }
  const prefix = randomPrefix('bench-wh');
  const dropKeys = onCleanup(`drop redis keys ${prefix}:*`, () => dropPrefix(redisUrl, prefix));
  try {
    await dropPrefix(redisUrl, prefix); // also checks that Redis answers
  } catch (error) {
    await dropKeys().catch(() => undefined);
    report.skipped.push({ suite: 'webhooks:fanout', reason: `Redis not reachable at ${redisUrl} (${(error as Error).message}); set BENCH_REDIS_URL` });
    return;
  }
  console.log(`Outgoing webhook fan-out: PostgreSQL ${version.version}, queue on Redis (BullMQ), ${SUBSCRIPTIONS} subscriptions`);
  const database = await createBenchDatabase();
  const receiver = await startReceiver();
  try {
    const server = await ServerProcess.start({
      role: 'start',
      databaseUrl: database.url,
      cpus: settings.pinning.server,
      env: { REDIS_URL: redisUrl, VIGIL_REDIS_PREFIX: prefix, VIGIL_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    const target = await setUpTarget(server.url);
    const secrets = new Map<string, string>();
    for (let index = 0; index < SUBSCRIPTIONS; index += 1) {
      const path = `/hook-${index}`;
      const created = await call<{ secret: string }>(target, 'POST', '/api/v1/webhooks', { url: `${receiver.url}${path}`, event_types: ['incident.triggered'], allow_private_network: true });
      secrets.set(path, created.secret);
    }

    const runs: Record<string, RunResult> = {};
    // Burst: every event at once (20 requests in flight), then the fan-out drains.
    process.stdout.write(`  burst: ${BURST_EVENTS} incidents × ${SUBSCRIPTIONS} subscriptions… `);
    const burstExpected = BURST_EVENTS * SUBSCRIPTIONS;
    const burstFrom = usage(server);
    const keys = Array.from({ length: BURST_EVENTS }, (_, index) => `burst-${index}`);
    for (let index = 0; index < keys.length; index += 20) await Promise.all(keys.slice(index, index + 20).map((key) => trigger(target, key)));
    await waitForReceipts(receiver.receipts, burstExpected);
    runs['burst'] = summarise(receiver.receipts, burstExpected, burstFrom, usage(server));
    console.log(`${runs['burst'].deliveries}/${burstExpected} delivered, ${runs['burst'].perSecond} deliveries/s (first to last receipt), event → receipt p50 ${runs['burst'].latencyMs.p50} ms, p99 ${runs['burst'].latencyMs.p99} ms; server CPU ${runs['burst'].serverCpuMsPerDelivery} ms/delivery, machine ${runs['burst'].machineBusyPercent}% busy`);
    const burstReceipts = receiver.receipts.splice(0);

    // Paced: a steady PACED_RATE events/s, so SUBSCRIPTIONS × PACED_RATE deliveries/s are offered.
    process.stdout.write(`  steady: ${PACED_RATE} incidents/s × ${SUBSCRIPTIONS} subscriptions for ${PACED_SECONDS} s… `);
    const pacedExpected = PACED_RATE * PACED_SECONDS * SUBSCRIPTIONS;
    const pacedFrom = usage(server);
    const started = performance.now();
    const sends: Array<Promise<void>> = [];
    for (let index = 0; index < PACED_RATE * PACED_SECONDS; index += 1) {
      const due = started + (index * 1000) / PACED_RATE;
      const wait = due - performance.now();
      if (wait > 0) await delay(wait);
      sends.push(trigger(target, `steady-${index}`));
    }
    await Promise.all(sends);
    await waitForReceipts(receiver.receipts, pacedExpected);
    runs['steady'] = summarise(receiver.receipts, pacedExpected, pacedFrom, usage(server));
    console.log(`${runs['steady'].deliveries}/${pacedExpected} delivered, ${runs['steady'].perSecond} deliveries/s, event → receipt p50 ${runs['steady'].latencyMs.p50} ms, p99 ${runs['steady'].latencyMs.p99} ms, max ${runs['steady'].latencyMs.max} ms; server CPU ${runs['steady'].serverCpuMsPerDelivery} ms/delivery, machine ${runs['steady'].machineBusyPercent}% busy`);

    const all = [...burstReceipts, ...receiver.receipts];
    const step = Math.max(1, Math.floor(all.length / SIGNATURE_SAMPLE));
    let badSignatures = 0;
    for (let index = 0; index < all.length; index += step) if (!verifies(secrets.get(all[index]!.path) ?? '', all[index]!)) badSignatures += 1;
    await server.stop();

    report.meta['webhooks fanout'] = { subscriptions: SUBSCRIPTIONS, runs, signaturesChecked: Math.ceil(all.length / step), badSignatures };
    for (const [name, run] of Object.entries(runs)) {
      report.check(`webhooks ${name}: deliveries missing`, run.expected - run.deliveries, '', { equals: 0 }, 'assertion');
      report.check(`webhooks ${name}: deliveries made twice`, run.duplicates, '', { equals: 0 }, 'assertion');
    }
    report.check('webhooks: signatures that do not verify', badSignatures, '', { equals: 0 }, 'assertion');
    report.check('webhooks burst: deliveries/s to a local receiver', runs['burst'].perSecond, '/s', { atLeast: FLOOR_DELIVERIES_PER_SECOND });
  } finally {
    await receiver.stop();
    await database.drop();
    await dropKeys();
  }
}
