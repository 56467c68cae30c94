import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job, JobQueue } from '../../ports/job-queue.ts';
import type { JobQueueSettings } from '../job-queue-settings.ts';

/** One backend (a fresh database or key prefix) on which a test opens queue objects. */
export interface JobQueueBackend {
  /** Another queue object on the same backend, as another process would have (closed by the suite). */
  open(settings: Partial<JobQueueSettings>): Promise<JobQueue>;
  /** Called after the suite closed every queue object it opened. */
  destroy(): Promise<void>;
}

/** Short durations, so that retries, leases and polls happen within a test. */
export const FAST: Partial<JobQueueSettings> = { leaseMs: 1_000, pollMs: 100, backoffBaseMs: 60, backoffCapMs: 240, closeTimeoutMs: 3_000 };

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

/**
 * The behaviour every JobQueue implementation must show. `skip` names why the suite cannot run here (a
 * service is not configured); the reason shows in the suite's name.
 */
export function jobQueueContract(name: string, createBackend: () => Promise<JobQueueBackend>, skip?: string): void {
  (skip ? describe.skip : describe)(skip ? `${name} (skipped: ${skip})` : name, () => {
    let backend: JobQueueBackend;
    let opened: JobQueue[] = [];
    const open = async (settings: Partial<JobQueueSettings> = {}) => {
      const queue = await backend.open({ ...FAST, ...settings });
      opened.push(queue);
      return queue;
    };

    beforeEach(async () => {
      backend = await createBackend();
      opened = [];
    });

    afterEach(async () => {
      await Promise.all(opened.map((queue) => queue.close()));
      await backend.destroy();
    });

    it('runs delayed jobs in due order, none before it is due', async () => {
      const queue = await open();
      const ran: Array<{ name: string; at: number }> = [];
      queue.work('timers', async (job) => void ran.push({ name: job.name, at: Date.now() }), { concurrency: 1 });
      await queue.start();
      await queue.enqueue('timers', { name: 'warm-up', data: null }); // the first statements of a fresh store are slow
      await waitFor('the warm-up job', () => ran.length === 1);
      ran.length = 0;
      // Enqueued together (one commit on the store queue), so that a slow machine cannot make them due early.
      const now = Date.now();
      const due = { third: now + 1_200, first: now + 600, second: now + 900 };
      await Promise.all([
        queue.enqueue('timers', { name: 'third', data: null, runAt: new Date(due.third) }),
        queue.enqueue('timers', { name: 'first', data: null, delayMs: 600 }),
        queue.enqueue('timers', { name: 'second', data: null, runAt: new Date(due.second) }),
        queue.enqueue('timers', { name: 'now', data: null }),
      ]);
      await waitFor('four jobs', () => ran.length === 4);
      expect(ran.map((run) => run.name)).toEqual(['now', 'first', 'second', 'third']);
      for (const run of ran) if (run.name !== 'now') expect(run.at, `${run.name} started before it was due`).toBeGreaterThanOrEqual(due[run.name as keyof typeof due] - 1);
    });

    it('retries a failing job after a growing, jittered backoff, then completes it', async () => {
      const queue = await open();
      const attempts: Array<{ attempt: number; at: number }> = [];
      queue.work('flaky', async (job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt < 3) throw new Error(`failure ${job.attempt}`);
      });
      await queue.start();
      await queue.enqueue('flaky', { name: 'flaky', data: { n: 1 }, maxAttempts: 4 });
      await waitFor('the third attempt to complete', async () => (await queue.counts())['flaky']?.completed === 1);
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
      // Equal jitter: after the n-th failure the delay lies in [d/2, d], d = base·2^(n−1) (base 60 ms).
      expect(second - first).toBeGreaterThanOrEqual(30 - 1);
      expect(third - second).toBeGreaterThanOrEqual(60 - 1);
      expect((await queue.listDead({ limit: 10 })).jobs).toEqual([]);
    });

    it('dead-letters a job after its last attempt; it can be retried with fresh attempts, or discarded', async () => {
      const queue = await open();
      let healthy = false;
      const runs: Job[] = [];
      queue.work('fragile', async (job) => {
        runs.push(job);
        if (!healthy) throw new Error(`boom on attempt ${job.attempt}`);
      });
      await queue.start();
      const { id } = await queue.enqueue('fragile', { name: 'send', data: { to: 'ops' }, maxAttempts: 2, idempotencyKey: 'send-1' });
      await waitFor('the job to die', async () => (await queue.listDead({ queue: 'fragile', limit: 10 })).jobs.length === 1);
      const [dead] = (await queue.listDead({ queue: 'fragile', limit: 10 })).jobs;
      expect(dead).toMatchObject({ id, queue: 'fragile', name: 'send', data: { to: 'ops' }, idempotencyKey: 'send-1', attempts: 2, error: 'boom on attempt 2' });
      expect(Math.abs(dead!.failedAt.getTime() - Date.now())).toBeLessThan(5_000);
      expect((await queue.counts())['fragile']).toMatchObject({ dead: 1, waiting: 0, delayed: 0, active: 0 });
      expect(runs).toHaveLength(2);
      // The key stays taken while the job is dead.
      expect(await queue.enqueue('fragile', { name: 'send', data: null, idempotencyKey: 'send-1' })).toEqual({ id, created: false });

      healthy = true;
      expect(await queue.retryDead('fragile', id)).toBe(true);
      await waitFor('the retried job to complete', async () => (await queue.counts())['fragile']?.completed === 1);
      expect(runs.at(-1)?.attempt).toBe(1);
      expect((await queue.listDead({ queue: 'fragile', limit: 10 })).jobs).toEqual([]);
      expect(await queue.retryDead('fragile', id)).toBe(false);

      healthy = false;
      const other = await queue.enqueue('fragile', { name: 'send', data: null, maxAttempts: 1 });
      await waitFor('the second job to die', async () => (await queue.listDead({ queue: 'fragile', limit: 10 })).jobs.length === 1);
      expect(await queue.discardDead('fragile', other.id)).toBe(true);
      expect(await queue.discardDead('fragile', other.id)).toBe(false);
      expect((await queue.listDead({ limit: 10 })).jobs).toEqual([]);
      expect(await queue.retryDead('fragile', '999999')).toBe(false);
    });

    it('hands a job the cause it was queued with, and none to a job queued without; a retried dead job takes the retry’s', async () => {
      const queue = await open();
      const runs: Job[] = [];
      let failing = true;
      queue.work('caused', async (job) => {
        runs.push(job);
        // Handlers hand their job's cause on to the jobs they queue.
        if (job.name === 'parent') await queue.enqueue('caused', { name: 'child', data: { n: 1 }, ...(job.cause && { cause: job.cause }) });
        if (job.name === 'fragile' && failing) throw new Error('not yet');
      });
      await queue.start();
      await queue.enqueue('caused', { name: 'parent', data: null, cause: { reqId: 'req-parent' } });
      await queue.enqueue('caused', { name: 'plain', data: [1, 2] });
      await waitFor('parent, child and plain', () => runs.length === 3);
      const byName = new Map(runs.map((job) => [job.name, job]));
      expect(byName.get('parent')?.cause).toEqual({ reqId: 'req-parent' });
      expect(byName.get('child')).toMatchObject({ data: { n: 1 }, cause: { reqId: 'req-parent' } });
      expect(byName.get('plain')).toMatchObject({ data: [1, 2] });
      expect(byName.get('plain')?.cause).toBeUndefined();

      const { id } = await queue.enqueue('caused', { name: 'fragile', data: { to: 'ops' }, maxAttempts: 1, cause: { reqId: 'req-first' } });
      await waitFor('the job to die', async () => (await queue.listDead({ queue: 'caused', limit: 10 })).jobs.length === 1);
      expect((await queue.listDead({ queue: 'caused', limit: 10 })).jobs[0]).toMatchObject({ id, data: { to: 'ops' } });
      failing = false;
      const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
      expect(await queue.retryDead('caused', id, { reqId: 'req-retry', traceparent })).toBe(true);
      await waitFor('the retried run', () => runs.length === 5);
      expect(runs.at(-1)).toMatchObject({ name: 'fragile', data: { to: 'ops' }, cause: { reqId: 'req-retry', traceparent } });
    });

    it('lists dead letters page by page, by queue, most recent failure first', async () => {
      const queue = await open();
      const fail = async () => {
        throw new Error('always');
      };
      queue.work('dead-a', fail);
      queue.work('dead-b', fail);
      await queue.start();
      const ids: Record<string, string> = {};
      for (const [queueName, name] of [['dead-b', 'b1'], ['dead-a', 'a1'], ['dead-a', 'a2'], ['dead-a', 'a3']] as const) {
        ids[name] = (await queue.enqueue(queueName, { name, data: null, maxAttempts: 1 })).id;
        await waitFor(`${name} to die`, async () => (await queue.listDead({ limit: 10 })).jobs.some((job) => job.name === name));
        await delay(5);
      }
      const first = await queue.listDead({ limit: 3 });
      expect(first.jobs.map((job) => job.name)).toEqual(['a3', 'a2', 'a1']);
      expect(first.cursor).not.toBeNull();
      const second = await queue.listDead({ limit: 3, cursor: first.cursor });
      expect(second.jobs.map((job) => [job.name, job.id])).toEqual([['b1', ids['b1']]]);
      expect(second.cursor).toBeNull();
      const onlyA = await queue.listDead({ queue: 'dead-a', limit: 2 });
      expect(onlyA.jobs.map((job) => job.name)).toEqual(['a3', 'a2']);
      expect((await queue.listDead({ queue: 'dead-a', limit: 2, cursor: onlyA.cursor })).jobs.map((job) => job.name)).toEqual(['a1']);
    });

    it('admits one job per idempotency key while it exists, also once it completed', async () => {
      const queue = await open();
      const runs: string[] = [];
      queue.work('keyed', async (job) => void runs.push(job.id));
      const first = await queue.enqueue('keyed', { name: 'page', data: { step: 1 }, idempotencyKey: 'incident-7:step-1', delayMs: 200 });
      expect(first.created).toBe(true);
      const together = await Promise.all([1, 2, 3].map(() => queue.enqueue('keyed', { name: 'page', data: { step: 1 }, idempotencyKey: 'incident-7:step-1' })));
      expect(together).toEqual([1, 2, 3].map(() => ({ id: first.id, created: false })));
      const elsewhere = await queue.enqueue('keyed-other', { name: 'page', data: null, idempotencyKey: 'incident-7:step-1' });
      expect(elsewhere.created).toBe(true);
      await queue.start();
      await waitFor('the job to run', () => runs.length === 1);
      await waitFor('the job to complete', async () => (await queue.counts())['keyed']?.completed === 1);
      expect(await queue.enqueue('keyed', { name: 'page', data: { step: 1 }, idempotencyKey: 'incident-7:step-1' })).toEqual({ id: first.id, created: false });
      await delay(300);
      expect(runs).toEqual([first.id]);
    });

    it('cancels a delayed job, which never runs and frees its key; a running or finished job cannot be cancelled', async () => {
      const queue = await open();
      const runs: string[] = [];
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      queue.work('reminders', async (job) => {
        runs.push(job.name);
        if (job.name === 'slow') await released;
      });
      await queue.start();
      const dueAt = Date.now() + 1_500;
      await queue.enqueue('reminders', { name: 'by-key', data: null, runAt: new Date(dueAt), idempotencyKey: 'remind:incident-1' });
      const byId = await queue.enqueue('reminders', { name: 'by-id', data: null, runAt: new Date(dueAt) });
      expect(await queue.cancel('reminders', { idempotencyKey: 'remind:incident-1' })).toBe(true);
      expect(await queue.cancel('reminders', { idempotencyKey: 'remind:incident-1' })).toBe(false);
      expect(await queue.cancel('reminders', { id: byId.id })).toBe(true);
      expect(await queue.cancel('elsewhere', { id: byId.id })).toBe(false);
      expect(await queue.cancel('reminders', { id: 'no-such-job' })).toBe(false);
      const again = await queue.enqueue('reminders', { name: 'again', data: null, idempotencyKey: 'remind:incident-1', delayMs: 10_000 });
      expect(again.created).toBe(true);
      expect(await queue.cancel('reminders', { id: again.id })).toBe(true);

      const slow = await queue.enqueue('reminders', { name: 'slow', data: null });
      await waitFor('the slow job to start', () => runs.includes('slow'));
      expect(await queue.cancel('reminders', { id: slow.id })).toBe(false);
      release();
      await waitFor('the slow job to complete', async () => (await queue.counts())['reminders']?.completed === 1);
      expect(await queue.cancel('reminders', { id: slow.id })).toBe(false);
      await delay(Math.max(0, dueAt + 300 - Date.now()));
      expect(runs).toEqual(['slow']);
    });

    it('runs no more jobs at once than the concurrency it was given', async () => {
      const queue = await open();
      let running = 0;
      let most = 0;
      let done = 0;
      queue.work(
        'bounded',
        async () => {
          running += 1;
          most = Math.max(most, running);
          await delay(40);
          running -= 1;
          done += 1;
        },
        { concurrency: 3 },
      );
      for (let i = 0; i < 12; i += 1) await queue.enqueue('bounded', { name: 'work', data: i });
      await queue.start();
      await waitFor('twelve jobs', () => done === 12);
      expect(most).toBe(3);
    });

    it('never runs a job again once it succeeded, with two queue objects working the queue', async () => {
      const [a, b] = [await open(), await open()];
      const runs = new Map<string, number>();
      const handler = async (job: Job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await delay(5);
      };
      a.work('once', handler, { concurrency: 4 });
      b.work('once', handler, { concurrency: 4 });
      await Promise.all([a.start(), b.start()]);
      const ids = [];
      for (let i = 0; i < 40; i += 1) ids.push((await (i % 2 ? a : b).enqueue('once', { name: 'work', data: i })).id);
      await waitFor('forty jobs', async () => (await a.counts())['once']?.completed === 40);
      await delay(1_500); // past a lease and several polls
      expect(new Set(ids).size).toBe(40);
      expect([...runs.entries()].filter(([, count]) => count !== 1)).toEqual([]);
      expect(runs.size).toBe(40);
    });

    it('starts one job per cron tick, keyed by the tick, however many queue objects registered the schedule', async () => {
      const [a, b] = [await open(), await open()];
      const ticks: string[] = [];
      const handler = async (job: Job) => void ticks.push(job.idempotencyKey ?? `no key on ${job.id}`);
      a.work('cron', handler);
      b.work('cron', handler);
      const schedule = { name: 'heartbeat', cron: '* * * * * *', timeZone: 'Europe/Berlin', data: { kind: 'heartbeat' } };
      await Promise.all([a.repeat('cron', schedule), b.repeat('cron', schedule)]);
      await Promise.all([a.start(), b.start()]);
      await waitFor('three ticks', () => ticks.length >= 3, 6_000);
      expect(await a.unrepeat('cron', 'heartbeat')).toBe(true);
      expect(await b.unrepeat('cron', 'heartbeat')).toBe(false);
      await delay(1_300);
      const seen = [...ticks];
      expect(new Set(seen).size, `ticks run twice: ${seen.join(', ')}`).toBe(seen.length);
      const times = seen.map((key) => {
        const match = /^cron:heartbeat:(.+)$/.exec(key);
        expect(match, key).not.toBeNull();
        return Date.parse(match![1]!);
      });
      expect(times.every((time) => time % 1000 === 0)).toBe(true);
      // Whole seconds apart (a process that fell more than a tick behind skips ticks rather than bunching them).
      const sorted = [...times].sort((x, y) => x - y);
      sorted.slice(1).forEach((time, index) => expect((time - sorted[index]!) % 1000 === 0 && time > sorted[index]!).toBe(true));
      await delay(1_200);
      expect(ticks.length, 'a tick ran after the schedule was removed').toBe(seen.length);
    });

    it('close lets the running job finish and record its completion, and takes no further job', async () => {
      const queue = await open();
      const events: string[] = [];
      queue.work('closing', async (job) => {
        events.push(`start ${job.name}`);
        if (job.name === 'long') await delay(400);
        events.push(`end ${job.name}`);
      });
      await queue.start();
      await queue.enqueue('closing', { name: 'long', data: null });
      await waitFor('the long job to start', () => events.includes('start long'));
      await queue.enqueue('closing', { name: 'next', data: null });
      await queue.close();
      events.push('closed');
      expect(events).toEqual(['start long', 'end long', 'closed']);
      await expect(queue.enqueue('closing', { name: 'late', data: null })).rejects.toThrow();

      const successor = await open();
      successor.work('closing', async (job) => void events.push(`successor ran ${job.name}`));
      await successor.start();
      await waitFor('the successor to run the next job', () => events.includes('successor ran next'));
      await delay(1_300);
      expect(events.filter((event) => event.includes('long'))).toEqual(['start long', 'end long']);
    });

    it('counts jobs per queue and state, and refuses names that are not plain', async () => {
      const queue = await open();
      await queue.enqueue('counted', { name: 'now', data: null });
      await queue.enqueue('counted', { name: 'later', data: null, delayMs: 60_000 });
      await queue.enqueue('counted', { name: 'later', data: null, delayMs: 60_000 });
      expect((await queue.counts())['counted']).toEqual({ waiting: 1, delayed: 2, active: 0, completed: 0, dead: 0 });
      await expect(queue.enqueue('bad:name', { name: 'x', data: null })).rejects.toThrow(/queue name/);
      await expect(queue.repeat('counted', { name: 'bad cron', cron: '* * * * * *', data: null })).rejects.toThrow(/schedule name/);
      await expect(queue.repeat('counted', { name: 'nightly', cron: '61 * * * *', data: null })).rejects.toThrow();
    });
  });
}
