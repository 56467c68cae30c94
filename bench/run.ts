// The bench: `npm run bench` runs every suite; `npm run bench -- <filter>…` only the suites whose name contains
// one of the filters (e.g. `ingest`, `queue`, `pglite`, `postgres`, `nofsync`). Prints tables and writes every figure to
// bench/results/latest.json. Exits 1 if a floor was missed, an assertion failed or a suite broke.
//
// Settings: BENCH_DURATION_S (10), BENCH_WARMUP_S (3, unreported load before each server's runs), BENCH_CONNECTIONS (50), BENCH_FOLD_WAIT_S (30), BENCH_SETTLE_MS (3000),
// BENCH_PIN=false (no taskset), BENCH_REDIS_URL (redis://127.0.0.1:6379, queue suites), BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres),
// BENCH_LOG_LEVEL (the servers' LOG_LEVEL, info), BENCH_LOAD=autocannon (the closed-loop throughput runs with autocannon even where wrk is installed).
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { installSignalCleanup, isInterrupted, runAllCleanups } from './cleanup.ts';
import { type IngestSettings, pgliteNoFsyncSuite, pgliteSuite, postgresSuite } from './ingest.ts';
import { backgroundCpuPercent, choosePinning } from './proc.ts';
import { queueBullmqSuite, queuePgliteSuite, queuePostgresSuite } from './queue.ts';
import { pagingPgliteSuite, pagingPostgresSuite } from './paging.ts';
import { alertmanagerPostgresSuite } from './alertmanager.ts';
import { webhooksFanoutSuite } from './webhooks.ts';
import { streamEmbeddedSuite, streamScaledSuite } from './live-stream.ts';
import { scaleSuite } from './scale.ts';
import { webSuite } from './web.ts';
import { Report } from './report.ts';
import { schedulesSuite } from './schedules.ts';
import { repoRoot } from './server-process.ts';

interface Suite {
  name: string;
  run: (report: Report, settings: IngestSettings) => Promise<void>;
}

const suites: Suite[] = [
  { name: 'ingest:pglite', run: pgliteSuite },
  { name: 'ingest:pglite-nofsync', run: pgliteNoFsyncSuite },
  { name: 'ingest:postgres', run: postgresSuite },
  { name: 'schedules', run: schedulesSuite },
  { name: 'queue:store-pglite', run: queuePgliteSuite },
  { name: 'queue:store-postgres', run: queuePostgresSuite },
  { name: 'queue:bullmq', run: queueBullmqSuite },
  { name: 'paging:pglite', run: pagingPgliteSuite },
  { name: 'paging:postgres', run: pagingPostgresSuite },
  { name: 'integrations:alertmanager', run: alertmanagerPostgresSuite },
  { name: 'webhooks:fanout', run: webhooksFanoutSuite },
  { name: 'stream:pglite', run: streamEmbeddedSuite },
  { name: 'stream:scaled', run: streamScaledSuite },
  { name: 'scale:postgres-redis', run: scaleSuite },
  { name: 'web:dashboard', run: webSuite },
];

function numberSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return value;
}

/** bin/vigil.js compiles src/ and web/ when they changed; do it once here so no timed start includes a build. */
function ensureBuilt(report: Report): void {
  for (const [what, call, note] of [
    ['build', 'ensureBuilt', 'compiles src/ only when it changed'],
    ['web build', 'ensureWebBuilt', 'builds web/ only when it changed'],
  ] as const) {
    const started = performance.now();
    execFileSync(process.execPath, ['--input-type=module', '-e', `await (await import('./bin/build.js')).${call}()`], { cwd: repoRoot, stdio: 'inherit' });
    report.measures.push({ scenario: 'bin/build.js', metric: what, value: performance.now() - started, unit: 'ms', note });
  }
}

async function main(): Promise<number> {
  installSignalCleanup();
  const filters = process.argv.slice(2).filter((arg) => arg !== '--');
  const chosen = filters.length === 0 ? suites : suites.filter((suite) => filters.some((filter) => suite.name.includes(filter)));
  if (chosen.length === 0) {
    console.error(`No suite matches ${filters.join(', ')}. Suites: ${suites.map((suite) => suite.name).join(', ')}`);
    return 2;
  }
  const pinning = choosePinning();
  const settings: IngestSettings = {
    durationSeconds: numberSetting('BENCH_DURATION_S', 10),
    connections: numberSetting('BENCH_CONNECTIONS', 50),
    repeatKeys: 100,
    fixedRate: 1000,
    foldWaitMs: numberSetting('BENCH_FOLD_WAIT_S', 30) * 1000,
    warmupSeconds: process.env['BENCH_WARMUP_S'] === '0' ? 0 : numberSetting('BENCH_WARMUP_S', 3),
    settleMs: numberSetting('BENCH_SETTLE_MS', 3000),
    pinning,
  };
  const report = new Report();
  Object.assign(report.meta, {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    pinning: pinning.note,
    load: 'autocannon in a separate process',
    settings: { ...settings, pinning: undefined },
    suites: chosen.map((suite) => suite.name),
  });
  console.log(`Vigil bench: ${chosen.map((suite) => suite.name).join(', ')}`);
  console.log(`${report.meta['cores']} cores (${report.meta['cpu']}), Node ${process.version}; ${pinning.note}`);
  const background = await backgroundCpuPercent();
  report.meta['backgroundCpuPercentAtStart'] = background;
  if (background !== null && background > 15) {
    console.log(`WARNING: other processes use ${background}% of a core before the bench starts; figures will be lower than on a quiet machine.`);
  }
  const started = performance.now();
  try {
    ensureBuilt(report);
    for (const suite of chosen) {
      if (isInterrupted()) break;
      try {
        await suite.run(report, settings);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        report.errors.push({ suite: suite.name, message });
        console.error(`\n${suite.name} failed: ${message}`);
      } finally {
        await runAllCleanups(); // whatever the suite left behind
      }
    }
  } finally {
    await runAllCleanups();
    report.meta['benchSeconds'] = Math.round((performance.now() - started) / 1000);
    const path = join(repoRoot, 'bench/results/latest.json');
    report.write(path);
    report.print();
    console.log(`\nBench took ${report.meta['benchSeconds']} s. Figures written to ${path}.`);
  }
  return isInterrupted() ? 130 : report.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error);
    await runAllCleanups();
    process.exit(1);
  },
);
