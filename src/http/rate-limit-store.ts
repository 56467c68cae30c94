import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Where request rate limits count: in this process, or, with Redis (scaled mode), in Redis, so that a limit of
 * N a minute holds across every api process rather than N per process. If Redis fails, requests are let
 * through (skipOnError): an alert is worth more than a limit.
 */
export interface RateLimitStore {
  /** Options to spread into every @fastify/rate-limit registration. */
  options: Pick<RateLimitPluginOptions, 'redis' | 'nameSpace' | 'skipOnError'>;
  close(): Promise<void>;
}

export async function openRateLimitStore(redisUrl: string | undefined, redisPrefix: string, log: Logger): Promise<RateLimitStore> {
  if (redisUrl === undefined) return { options: {}, close: async () => undefined };
  const { Redis: RedisClient } = await import('ioredis');
  // The plugin's Lua script needs a ready connection; a short command timeout keeps a stalled Redis from stalling ingestion.
  const redis: Redis = new RedisClient(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500, enableOfflineQueue: true });
  redis.on('error', (error: Error) => log.warn({ err: error }, 'Redis rate-limit connection error'));
  return {
    options: { redis, nameSpace: `${redisPrefix}:rate-limit:`, skipOnError: true },
    close: async () => {
      // QUIT waits for Redis to answer; a Redis that is gone must not hold up shutdown.
      const quit = redis.quit().then(
        () => true,
        () => false,
      );
      if (!(await Promise.race([quit, delay(1000).then(() => false)]))) redis.disconnect();
    },
  };
}
