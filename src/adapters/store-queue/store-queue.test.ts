import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, freshDataDir, postgresUrl } from '../../../test/databases.ts';
import type { Store } from '../../ports/store.ts';
import { FAST, jobQueueContract } from '../contract/job-queue.contract.ts';
import { openPgliteStore } from '../pglite/pglite.store.ts';
import { openPostgresStore } from '../postgres/postgres.store.ts';
import { StoreJobQueue } from './store-queue.ts';

const log = pino({ level: 'silent' });

// PGlite is one connection in one process: the "two queue objects" tests share that connection there, so
// they check the bookkeeping but not two processes racing. The PostgreSQL variant gives each queue object its
// own pool, as separate processes would have.
// One data dir for the file (opening one costs ~1 s): each test empties the queue's tables after it.
let pglite: { dir: string; store: Store } | undefined;
afterAll(async () => {
  await pglite?.store.close();
  if (pglite) rmSync(pglite.dir, { recursive: true, force: true });
});

async function pgliteStore(): Promise<Store> {
  if (!pglite) {
    const dir = freshDataDir();
    pglite = { dir, store: await openPgliteStore(dir) };
  }
  return pglite.store;
}

jobQueueContract('store queue [pglite] (queue objects share one connection; [postgres] is the cross-process case)', async () => {
  const store = await pgliteStore();
  return {
    open: async (settings) => new StoreJobQueue({ store, log, settings }),
    destroy: () => store.writeStatement(sql`truncate jobs, job_schedules`),
  };
});

jobQueueContract(
  'store queue [postgres] (each queue object on its own pool)',
  async () => {
    const database = await freshDatabase();
    const stores: Store[] = [];
    return {
      async open(settings) {
        const store = await openPostgresStore({ url: database.url, poolSize: 4, migrate: true });
        stores.push(store);
        return new StoreJobQueue({ store, log, settings });
      },
      async destroy() {
        await Promise.all(stores.map((store) => store.close()));
        await database.drop();
      },
    };
  },
  postgresUrl ? undefined : 'TEST_DATABASE_URL is unset',
);

describe('store queue retention [pglite]', () => {
  it('frees a completed job\'s idempotency key once the retention has passed, and not before', async () => {
    const store = await pgliteStore();
    const queue = new StoreJobQueue({ store, log, settings: { ...FAST, completedRetentionMs: 300 } });
    try {
      let runs = 0;
      queue.work('kept', async () => void (runs += 1));
      await queue.start();
      const first = await queue.enqueue('kept', { name: 'once', data: null, idempotencyKey: 'k' });
      await expect.poll(async () => (await queue.counts())['kept']?.completed, { timeout: 5_000 }).toBe(1);
      expect(await queue.enqueue('kept', { name: 'once', data: null, idempotencyKey: 'k', delayMs: 60_000 })).toEqual({ id: first.id, created: false });
      await expect.poll(async () => (await queue.counts())['kept']?.completed ?? 0, { timeout: 5_000 }).toBe(0);
      const again = await queue.enqueue('kept', { name: 'once', data: null, idempotencyKey: 'k' });
      expect(again.created).toBe(true);
      await expect.poll(() => runs, { timeout: 5_000 }).toBe(2);
    } finally {
      await queue.close();
      await store.writeStatement(sql`truncate jobs, job_schedules`);
    }
  });
});

describe('store queue: jobs queued in the caller’s transaction [pglite]', () => {
  it('runs the jobs of a committed transaction once it has committed, and never those of one rolled back', async () => {
    const store = await pgliteStore();
    const queue = new StoreJobQueue({ store, log, settings: FAST });
    try {
      const ran: string[] = [];
      queue.work('with-rows', async (job) => void ran.push(job.name));
      await queue.start();
      await expect(
        store.write(async (tx) => {
          await queue.enqueueInTransaction(tx, 'with-rows', [{ name: 'rolled-back', data: null }]);
          throw new Error('the rows were refused');
        }),
      ).rejects.toThrow('the rows were refused');
      const wake = await store.write((tx) =>
        queue.enqueueInTransaction(tx, 'with-rows', [
          { name: 'committed', data: null, idempotencyKey: 'row-1' },
          { name: 'committed twice', data: null, idempotencyKey: 'row-1' },
          { name: 'later', data: null, delayMs: 300 },
        ]),
      );
      wake();
      await expect.poll(() => ran.length, { timeout: 5_000 }).toBe(2);
      expect(ran).toEqual(['committed', 'later']);
      expect((await queue.counts())['with-rows']).toMatchObject({ completed: 2, waiting: 0, delayed: 0 });
    } finally {
      await queue.close();
      await store.writeStatement(sql`truncate jobs, job_schedules`);
    }
  });

  it('queues jobs as a statement inside the caller’s own: committed or rolled back with it, a taken key left to its job', async () => {
    const store = await pgliteStore();
    const queue = new StoreJobQueue({ store, log, settings: FAST });
    try {
      const ran: string[] = [];
      queue.work('in-statement', async (job) => void ran.push(job.name));
      await queue.start();
      await queue.enqueue('in-statement', { name: 'holds the key', data: null, idempotencyKey: 'taken', delayMs: 60_000 });
      expect(queue.enqueueStatement('in-statement', [])).toBeUndefined();
      const statementOf = (jobs: Parameters<StoreJobQueue['enqueueStatement']>[1]) => {
        const queued = queue.enqueueStatement('in-statement', jobs);
        if (!queued) throw new Error('jobs were given');
        return queued;
      };
      const refused = statementOf([{ name: 'rolled-back', data: null }]);
      await expect(
        store.write(async (tx) => {
          await tx.execute(sql`with q as (${refused.statement}) select 1`);
          throw new Error('the rows were refused');
        }),
      ).rejects.toThrow('the rows were refused');
      const queued = statementOf([
        { name: 'committed', data: { n: 1 }, idempotencyKey: 'row-1' },
        { name: 'committed twice', data: null, idempotencyKey: 'row-1' },
        { name: 'key taken', data: null, idempotencyKey: 'taken' },
        { name: 'later', data: null, delayMs: 300 },
      ]);
      await store.write((tx) => tx.execute(sql`with q as (${queued.statement}) select 1`));
      queued.wake();
      await expect.poll(() => ran.length, { timeout: 5_000 }).toBe(2);
      expect(ran).toEqual(['committed', 'later']);
      expect((await queue.counts())['in-statement']).toMatchObject({ completed: 2, waiting: 0, delayed: 1 });
    } finally {
      await queue.close();
      await store.writeStatement(sql`truncate jobs, job_schedules`);
    }
  });
});
