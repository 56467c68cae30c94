import type { Logger } from 'pino';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';
import type { JobQueueSettings } from './job-queue-settings.ts';

interface Common {
  log: Logger;
  settings?: Partial<JobQueueSettings>;
}

/** BullMQ when a Redis URL is given; else the store queue on `store` (PGlite or PostgreSQL, no other service). */
export type OpenJobQueueOptions = Common &
  (
    | {
        redisUrl: string;
        /** BullMQ key prefix (default `vigil`): lets several installations or test runs share one Redis. */
        redisPrefix?: string;
        store?: Store;
      }
    | { redisUrl?: undefined; store: Store }
  );

/**
 * The job queue for this process, not started yet: register handlers with `work`, then `start`. Each
 * implementation is loaded only when chosen, so a process without Redis never loads bullmq and ioredis.
 */
export async function openJobQueue(options: OpenJobQueueOptions): Promise<JobQueue> {
  const log = options.log.child({ component: 'jobs' });
  if (options.redisUrl !== undefined) {
    const { BullmqJobQueue } = await import('./redis/bullmq.queue.ts');
    return new BullmqJobQueue({ url: options.redisUrl, prefix: options.redisPrefix ?? 'vigil', log, settings: options.settings });
  }
  const { StoreJobQueue } = await import('./store-queue/store-queue.ts');
  return new StoreJobQueue({ store: options.store, log, settings: options.settings });
}
