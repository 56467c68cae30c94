// A worker process for the job queue crash test: opens the queue named by the environment, works queue
// `crash`, and prints one JSON line per event. With BLOCK=true its handler never returns (to be killed -9).
// Env: QUEUE_DATABASE_URL (store queue on PostgreSQL) or QUEUE_REDIS_URL + QUEUE_REDIS_PREFIX (BullMQ), and
// QUEUE_SETTINGS (JSON, the test's short lease and poll).
import pino from 'pino';
import { openJobQueue } from '../../src/adapters/open-job-queue.ts';
import { openPostgresStore } from '../../src/adapters/postgres/postgres.store.ts';
import type { JobQueueSettings } from '../../src/adapters/job-queue-settings.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';

const print = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

async function main(): Promise<void> {
  const log = pino({ level: 'warn' }, pino.destination(2));
  const block = process.env['BLOCK'] === 'true';
  const settings = JSON.parse(process.env['QUEUE_SETTINGS'] ?? '{}') as Partial<JobQueueSettings>;
  const databaseUrl = process.env['QUEUE_DATABASE_URL'];
  const store = databaseUrl ? await openPostgresStore({ url: databaseUrl, poolSize: 3, migrate: true }) : undefined;
  const redisUrl = process.env['QUEUE_REDIS_URL'];
  let queue: JobQueue;
  if (redisUrl) queue = await openJobQueue({ redisUrl, redisPrefix: process.env['QUEUE_REDIS_PREFIX'], log, settings });
  else if (store) queue = await openJobQueue({ store, log, settings });
  else throw new Error('Set QUEUE_DATABASE_URL or QUEUE_REDIS_URL.');
  queue.work('crash', async (job) => {
    print({ event: 'started', id: job.id, attempt: job.attempt, pid: process.pid });
    if (block) await new Promise(() => undefined);
    print({ event: 'done', id: job.id, attempt: job.attempt, pid: process.pid });
  });
  await queue.start();
  process.once('SIGTERM', () => {
    void (async () => {
      await queue.close();
      await store?.close();
      print({ event: 'closed' });
      process.exit(0);
    })();
  });
  print({ event: 'ready', pid: process.pid });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
