import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openJobQueue } from '../../src/adapters/open-job-queue.ts';
import { openPostgresStore } from '../../src/adapters/postgres/postgres.store.ts';
import type { JobQueue } from '../../src/ports/job-queue.ts';
import type { Store } from '../../src/ports/store.ts';
import { freshDatabase, postgresUrl } from '../databases.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const redisUrl = process.env['TEST_REDIS_URL'];
/** A short lease: a killed worker's job comes back within about a second. */
const SETTINGS = { leaseMs: 1_000, pollMs: 100, backoffBaseMs: 50, backoffCapMs: 200, closeTimeoutMs: 2_000 };

interface WorkerEvent {
  event: 'ready' | 'started' | 'done' | 'closed';
  id?: string;
  attempt?: number;
  pid: number;
}

/** `test/e2e/queue-worker.ts` in a child process, its JSON lines gathered as they come. */
class QueueWorkerProcess {
  readonly events: WorkerEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';

  constructor(
    private readonly child: ChildProcess,
    readonly label: string,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) this.events.push(JSON.parse(line) as WorkerEvent);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8_000);
    });
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  static spawn(label: string, env: Record<string, string>): QueueWorkerProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/queue-worker.ts'], {
      cwd: root,
      env: { ...process.env, ...env, QUEUE_SETTINGS: JSON.stringify(SETTINGS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new QueueWorkerProcess(child, label);
  }

  async waitFor(event: WorkerEvent['event'], timeoutMs = 20_000): Promise<WorkerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((entry) => entry.event === event);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        throw new Error(`${this.label} did not print "${event}" (${this.child.exitCode !== null ? `exited ${this.child.exitCode}` : 'timed out'}); stderr:\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  kill(signal: NodeJS.Signals) {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

interface Backend {
  /** Environment naming the backend for a worker process. */
  env: Record<string, string>;
  /** A queue object in this test process, to enqueue and read counts (it runs no handler). */
  producer: JobQueue;
  cleanup: () => Promise<void>;
}

const log = pino({ level: 'silent' });

async function postgresBackend(): Promise<Backend> {
  const database = await freshDatabase();
  const store: Store = await openPostgresStore({ url: database.url, poolSize: 2, migrate: true });
  const producer = await openJobQueue({ store, log, settings: SETTINGS });
  return {
    env: { QUEUE_DATABASE_URL: database.url },
    producer,
    cleanup: async () => {
      await producer.close();
      await store.close();
      await database.drop();
    },
  };
}

async function redisBackend(): Promise<Backend> {
  const url = redisUrl ?? '';
  const prefix = randomPrefix('e2e');
  const producer = await openJobQueue({ redisUrl: url, redisPrefix: prefix, log, settings: SETTINGS });
  return {
    env: { QUEUE_REDIS_URL: url, QUEUE_REDIS_PREFIX: prefix },
    producer,
    cleanup: async () => {
      await producer.close();
      await dropPrefix(url, prefix);
    },
  };
}

// PGlite is left out: its data dir belongs to one process, so the test could not enqueue beside the worker.
const variants: Array<{ name: string; open: () => Promise<Backend>; skip: string | undefined }> = [
  { name: 'store queue [postgres]', open: postgresBackend, skip: postgresUrl ? undefined : 'TEST_DATABASE_URL is unset' },
  { name: 'BullMQ queue [redis]', open: redisBackend, skip: redisUrl ? undefined : 'TEST_REDIS_URL is unset' },
];

for (const variant of variants) {
  (variant.skip ? describe.skip : describe)(`a job whose worker is killed -9 mid-run runs again in another process: ${variant.name}${variant.skip ? ` (skipped: ${variant.skip})` : ''}`, () => {
    const workers: QueueWorkerProcess[] = [];
    let backend: Backend | undefined;

    afterEach(async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.kill('SIGKILL')));
      await backend?.cleanup();
    });

    it('the killed run is taken back after its lease, completes once in the next process, and that process shuts down gracefully', async () => {
      backend = await variant.open();
      const first = QueueWorkerProcess.spawn('first worker', { ...backend.env, BLOCK: 'true' });
      workers.push(first);
      await first.waitFor('ready');
      const { id } = await backend.producer.enqueue('crash', { name: 'page', data: { incident: 7 } });
      const started = await first.waitFor('started');
      expect(started).toMatchObject({ id, attempt: 1 });
      expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

      const second = QueueWorkerProcess.spawn('second worker', backend.env);
      workers.push(second);
      expect(await second.waitFor('done')).toMatchObject({ id, attempt: 2 });
      await expect.poll(async () => (await backend!.producer.counts())['crash']?.completed, { timeout: 5_000 }).toBe(1);

      await second.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(second.events.map((event) => event.event)).toEqual(['ready', 'started', 'done', 'closed']);
      expect(await backend.producer.counts()).toMatchObject({ crash: { waiting: 0, delayed: 0, active: 0, completed: 1, dead: 0 } });
    });
  });
}
