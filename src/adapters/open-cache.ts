import type { Logger } from 'pino';
import type { Metrics } from '../modules/metrics/metrics.ts';
import type { Bus } from '../ports/bus.ts';
import type { Cache } from '../ports/cache.ts';
import { LayeredCache } from './cache/layered-cache.ts';

/** In-process LRU caches; with a Redis URL, shared through Redis and invalidated across processes on the bus. */
export async function openCache(options: { redisUrl?: string; redisPrefix: string; bus: Bus; metrics: Metrics; log: Logger }): Promise<Cache> {
  const log = options.log.child({ component: 'cache' });
  if (options.redisUrl === undefined) return new LayeredCache(options.bus, undefined, options.redisPrefix, options.metrics, log);
  const { Redis } = await import('ioredis');
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, enableOfflineQueue: true });
  redis.on('error', (error: Error) => log.warn({ err: error }, 'Redis cache connection error'));
  return new LayeredCache(options.bus, redis, options.redisPrefix, options.metrics, log);
}
