import type { Logger } from 'pino';
import type { Bus } from '../ports/bus.ts';
import { MemoryBus } from './memory-bus.ts';

/** Redis pub/sub when a Redis URL is given (loaded only then); else in-process. */
export async function openBus(options: { redisUrl?: string; redisPrefix: string; log: Logger }): Promise<Bus> {
  if (options.redisUrl === undefined) return new MemoryBus();
  const { RedisBus } = await import('./redis/redis.bus.ts');
  return new RedisBus(options.redisUrl, options.redisPrefix, options.log.child({ component: 'bus' }));
}
