// Job queue bench, in this process: for the store queue on PGlite and on PostgreSQL and for BullMQ on Redis,
// jobs/s enqueued (many callers at once) and processed (no-op handler), then the lateness of 10,000 delayed
// jobs due over a few seconds, measured from each job's due time to its handler's start.
import pino from 'pino';
import { openPgliteStore } from '../src/adapters/pglite/pglite.store.ts';
import { openPostgresStore } from '../src/adapters/postgres/postgres.store.ts';
import { BullmqJobQueue } from '../src/adapters/redis/bullmq.queue.ts';
import { StoreJobQueue } from '../src/adapters/store-queue/store-queue.ts';
import type { JobQueue } from '../src/ports/job-queue.ts';
import type { Store } from '../src/ports/store.ts';
import { dropPrefix, randomPrefix } from '../test/redis-prefix.ts';
import { onCleanup } from './cleanup.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import type { QueueFigure, Report } from './report.ts';
import { tempDataDir } from './server-process.ts';

const FLOORS = { embeddedLatenessP99Ms: 1_000, bullmqLatenessP99Ms: 250 };
const CALLERS = 100;
const CONCURRENCY = 50;
const DELAYED_JOBS = 10_000;
const SPREAD_MS = 5_000;
const redisUrl = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const log = pino({ level: process.env['BENCH_LOG_LEVEL'] === 'debug' ? 'debug' : 'warn' });

interface Target {
  scenario: string;
  embedded: boolean;
  jobs: number;
  open: () => Promise<JobQueue>;
}

/** Runs `count` calls of `call`, `callers` at a time. */
async function inParallel(count: number, callers: number, call: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(callers, count) }, async () => {
      while (next < count) await call(next++);
    }),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(report: Report, target: Target): Promise<void> {
  // Throughput: enqueue everything, then process everything (the close waits until every outcome is written).
  const producer = await target.open();
  process.stdout.write(`  ${target.scenario}: enqueue ${target.jobs} jobs, ${CALLERS} callers… `);
  let started = performance.now();
  await inParallel(target.jobs, CALLERS, (i) => producer.enqueue('bench', { name: 'noop', data: { i } }));
  const enqueueMs = performance.now() - started;
  let processed = 0;
  producer.work('bench', async () => void (processed += 1), { concurrency: CONCURRENCY });
  started = performance.now();
  await producer.start();
  while (processed < target.jobs) await new Promise((resolve) => setTimeout(resolve, 5));
  await producer.close();
  const processMs = performance.now() - started;
  const enqueuedPerSecond = target.jobs / (enqueueMs / 1000);
  const processedPerSecond = target.jobs / (processMs / 1000);
  console.log(`${Math.round(enqueuedPerSecond)} enqueued/s, ${Math.round(processedPerSecond)} processed/s (concurrency ${CONCURRENCY})`);

  // Lateness: the worker runs first; jobs are enqueued in random order, due over SPREAD_MS starting once
  // the enqueues should be over (judged from the rate above, with room to spare).
  const queue = await target.open();
  const lateness: number[] = [];
  queue.work('late', async (job) => void lateness.push(Date.now() - (job.data as { due: number }).due), { concurrency: CONCURRENCY });
  await queue.start();
  const leadMs = Math.ceil((DELAYED_JOBS / enqueuedPerSecond) * 1000 * 2) + 1_000;
  const firstDue = Date.now() + leadMs;
  const due = Array.from({ length: DELAYED_JOBS }, (_, i) => firstDue + Math.floor((i * SPREAD_MS) / DELAYED_JOBS));
  for (let i = due.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [due[i], due[j]] = [due[j]!, due[i]!];
  }
  process.stdout.write(`  ${target.scenario}: ${DELAYED_JOBS} delayed jobs due over ${SPREAD_MS / 1000} s from ${(leadMs / 1000).toFixed(1)} s on… `);
  let enqueuedLate = 0;
  await inParallel(DELAYED_JOBS, CALLERS, async (i) => {
    const at = due[i]!;
    await queue.enqueue('late', { name: 'timer', data: { due: at }, runAt: new Date(at) });
    if (Date.now() > at) enqueuedLate += 1;
  });
  const deadline = firstDue + SPREAD_MS + 60_000;
  while (lateness.length < DELAYED_JOBS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await queue.close();
  const sorted = [...lateness].sort((a, b) => a - b);
  const figure: QueueFigure = {
    scenario: target.scenario,
    jobs: target.jobs,
    callers: CALLERS,
    concurrency: CONCURRENCY,
    enqueuedPerSecond,
    processedPerSecond,
    delayedJobs: DELAYED_JOBS,
    ran: lateness.length,
    spreadMs: SPREAD_MS,
    latenessMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 },
    early: sorted.filter((ms) => ms < 0).length,
    enqueuedLate,
  };
  report.queue.push(figure);
  console.log(`lateness p50 ${figure.latenessMs.p50} ms, p99 ${figure.latenessMs.p99} ms, max ${figure.latenessMs.max} ms; ${figure.early} early, ${enqueuedLate} enqueued after their due time`);
  report.check(`${target.scenario}: delayed jobs run`, lateness.length, '', { equals: DELAYED_JOBS }, 'assertion');
  report.check(`${target.scenario}: delayed jobs run before due`, figure.early, '', { equals: 0 }, 'assertion');
  report.check(`${target.scenario}: delayed-job lateness p99`, figure.latenessMs.p99, 'ms', { atMost: target.embedded ? FLOORS.embeddedLatenessP99Ms : FLOORS.bullmqLatenessP99Ms });
}

/** Opens queue objects on one store; closes the store when the suite ends. */
function storeTarget(scenario: string, store: Store, jobs: number): Target {
  return { scenario, embedded: true, jobs, open: async () => new StoreJobQueue({ store, log }) };
}

export async function queuePgliteSuite(report: Report): Promise<void> {
  const data = tempDataDir('queue-pglite');
  console.log('Job queue: store queue on PGlite (fsync on)');
  const store = await openPgliteStore(data.dir);
  try {
    await measure(report, storeTarget('store queue, PGlite', store, 10_000));
  } finally {
    await store.close();
    await data.remove();
  }
}

export async function queuePostgresSuite(report: Report): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'queue:store-postgres', reason: `PostgreSQL not reachable (${version.error}); set BENCH_POSTGRES_URL` });
    return;
  }
  const database = await createBenchDatabase();
  console.log(`Job queue: store queue on PostgreSQL ${version.version}`);
  const store = await openPostgresStore({ url: database.url, poolSize: 10, migrate: true });
  try {
    await measure(report, storeTarget('store queue, PostgreSQL', store, 20_000));
  } finally {
    await store.close();
    await database.drop();
  }
}

export async function queueBullmqSuite(report: Report): Promise<void> {
  const prefix = randomPrefix('bench');
  const drop = onCleanup(`drop redis keys ${prefix}:*`, () => dropPrefix(redisUrl, prefix));
  try {
    await dropPrefix(redisUrl, prefix); // also checks that Redis answers
  } catch (error) {
    await drop().catch(() => undefined);
    report.skipped.push({ suite: 'queue:bullmq', reason: `Redis not reachable at ${redisUrl} (${(error as Error).message}); set BENCH_REDIS_URL` });
    return;
  }
  console.log('Job queue: BullMQ on Redis');
  try {
    await measure(report, { scenario: 'BullMQ, Redis', embedded: false, jobs: 20_000, open: async () => new BullmqJobQueue({ url: redisUrl, prefix, log }) });
  } finally {
    await drop();
  }
}
