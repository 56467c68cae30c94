import { MemoryBus } from '../adapters/memory-bus.ts';
import { openCache } from '../adapters/open-cache.ts';
import { openJobQueue } from '../adapters/open-job-queue.ts';
import { openSecretBox } from '../adapters/open-secret-box.ts';
import { openStore } from '../adapters/open-store.ts';
import { openRateLimitStore } from '../http/rate-limit-store.ts';
import type { Config } from '../config/config.ts';
import { Metrics } from '../modules/metrics/metrics.ts';
import { systemClock } from '../ports/clock.ts';
import type { Deps } from './deps.ts';
import { createLogger } from './logger.ts';

/**
 * Deps for a command that writes through the domain commands without serving (`vigil setup`, `vigil demo`).
 * Its queue is never started: jobs it enqueues wait for a serving process. On the embedded store this fails
 * while Vigil runs, with the data directory lock's message.
 */
export async function openCommandDeps(config: Config): Promise<{ deps: Deps; close: () => Promise<void> }> {
  const store = await openStore(config);
  const log = createLogger({ ...config, LOG_LEVEL: 'warn' });
  const queue = await openJobQueue(config.REDIS_URL ? { redisUrl: config.REDIS_URL, redisPrefix: config.VIGIL_REDIS_PREFIX, store, log } : { store, log });
  const metrics = new Metrics();
  // Nothing these commands write is cached or rate-limited by a running instance: a cache of this process's own is enough.
  const cache = await openCache({ redisPrefix: config.VIGIL_REDIS_PREFIX, bus: new MemoryBus(), metrics, log });
  const deps: Deps = { config, store, clock: systemClock, log, publicUrl: () => '', queue, secrets: openSecretBox(config), kickEngine: () => undefined, metrics, cache, rateLimits: await openRateLimitStore(undefined, config.VIGIL_REDIS_PREFIX, log) };
  return {
    deps,
    async close() {
      await queue.close();
      await store.close();
    },
  };
}
