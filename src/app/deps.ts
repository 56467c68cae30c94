import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { RateLimitStore } from '../http/rate-limit-store.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import type { Cache } from '../ports/cache.ts';
import type { Clock } from '../ports/clock.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import type { Store } from '../ports/store.ts';
import type { Metrics } from '../modules/metrics/metrics.ts';

/** What every module's commands and routes are built from; assembled once in the composition root. */
export interface Deps {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  /** The address integrations are told to send to, e.g. https://vigil.example.com */
  publicUrl: () => string;
  queue: JobQueue;
  /** Seals integration credentials at rest (VIGIL_SECRET_KEY). */
  secrets: SecretBox;
  /** Asks the engine for a pass now (something became due), instead of at its next tick. */
  kickEngine: () => void;
  metrics: Metrics;
  /** Hot reads (integration by key, who is on call), invalidated by the commands that change them. */
  cache: Cache;
  /** Where request rate limits count (Redis in scaled mode, so a limit holds across processes). */
  rateLimits: RateLimitStore;
}
