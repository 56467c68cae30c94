import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Metrics } from '../../modules/metrics/metrics.ts';
import type { Bus } from '../../ports/bus.ts';
import type { Cache, CachedLoad, CacheNamespace, CacheNamespaceOptions } from '../../ports/cache.ts';

const INVALIDATIONS_CHANNEL = 'cache';
/**
 * A reader that loaded a value before a write committed can store it after the write's invalidation;
 * invalidating once more a little later clears what such a reader stored.
 */
const SECOND_INVALIDATION_MS = 1_000;

interface Invalidation {
  origin: string;
  namespace: string;
  key: string;
}

/**
 * This process's LRU first; in scaled mode Redis second (for shared namespaces) and invalidations broadcast on
 * the bus. A key's generation guards against a load that started before an invalidation filling the cache
 * with what it read.
 */
export class LayeredCache implements Cache {
  private readonly origin = randomUUID();
  private readonly namespaces = new Map<string, LayeredNamespace<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly bus: Bus,
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {}

  namespace<V>(name: string, options: CacheNamespaceOptions): CacheNamespace<V> {
    const existing = this.namespaces.get(name);
    if (existing) return existing as LayeredNamespace<V>;
    const namespace = new LayeredNamespace<V>(name, options, this);
    this.namespaces.set(name, namespace as LayeredNamespace<unknown>);
    return namespace;
  }

  async start(): Promise<void> {
    if (this.bus.kind === 'memory') return;
    await this.bus.subscribe(INVALIDATIONS_CHANNEL, (payload) => {
      try {
        const message = JSON.parse(payload) as Invalidation;
        if (message.origin !== this.origin) this.namespaces.get(message.namespace)?.dropLocal(message.key);
      } catch (error) {
        this.log.warn({ err: error }, 'unreadable cache invalidation ignored');
      }
    });
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.redis?.quit().catch(() => undefined);
  }

  private sharedKey(namespace: string, key: string): string {
    return `${this.prefix}:cache:${namespace}:${key}`;
  }

  async readShared(namespace: string, key: string): Promise<string | null> {
    if (!this.redis) return null;
    try {
      return await this.redis.get(this.sharedKey(namespace, key));
    } catch (error) {
      this.log.warn({ err: error, namespace }, 'Redis cache read failed; loading from the store');
      return null;
    }
  }

  async writeShared(namespace: string, key: string, value: string, ttlMs: number): Promise<void> {
    if (!this.redis) return;
    await this.redis.set(this.sharedKey(namespace, key), value, 'PX', Math.max(1, Math.round(ttlMs))).catch((error: unknown) => this.log.warn({ err: error, namespace }, 'Redis cache write failed'));
  }

  async invalidate(namespace: LayeredNamespace<unknown>, key: string, again = true): Promise<void> {
    namespace.dropLocal(key);
    if (this.redis && namespace.options.shared) await this.redis.del(this.sharedKey(namespace.name, key)).catch((error: unknown) => this.log.warn({ err: error, namespace: namespace.name }, 'Redis cache invalidation failed'));
    if (this.bus.kind !== 'memory') {
      const message: Invalidation = { origin: this.origin, namespace: namespace.name, key };
      await this.bus.publish(INVALIDATIONS_CHANNEL, JSON.stringify(message)).catch((error: unknown) => this.log.warn({ err: error }, 'cache invalidation not broadcast; other processes see the change after the ttl'));
    }
    if (!again) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.invalidate(namespace, key, false);
    }, SECOND_INVALIDATION_MS);
    timer.unref();
    this.timers.add(timer);
  }

  counted(namespace: string, result: 'hit' | 'miss'): void {
    this.metrics.cacheLookups.inc({ cache: namespace, result });
  }
}

class LayeredNamespace<V> implements CacheNamespace<V> {
  private readonly local: LRUCache<string, { value: V }>;
  private readonly generations = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly options: CacheNamespaceOptions,
    private readonly owner: LayeredCache,
  ) {
    this.local = new LRUCache({ max: options.max, ttl: options.ttlMs });
  }

  async get(key: string, load: () => Promise<CachedLoad<V>>, isFresh: (value: V) => boolean = () => true): Promise<V> {
    const held = this.local.get(key);
    if (held && isFresh(held.value)) {
      this.owner.counted(this.name, 'hit');
      return held.value;
    }
    const generation = this.generations.get(key) ?? 0;
    if (this.options.shared) {
      const text = await this.owner.readShared(this.name, key);
      const value = text === null ? undefined : (JSON.parse(text) as V);
      if (value !== undefined && isFresh(value)) {
        if ((this.generations.get(key) ?? 0) === generation) this.local.set(key, { value });
        this.owner.counted(this.name, 'hit');
        return value;
      }
    }
    this.owner.counted(this.name, 'miss');
    const loaded = await load();
    const ttl = Math.min(this.options.ttlMs, loaded.ttlMs ?? this.options.ttlMs);
    if (ttl > 0 && (this.generations.get(key) ?? 0) === generation) {
      this.local.set(key, { value: loaded.value }, { ttl });
      if (this.options.shared) await this.owner.writeShared(this.name, key, JSON.stringify(loaded.value), ttl);
    }
    return loaded.value;
  }

  invalidate(key: string): Promise<void> {
    return this.owner.invalidate(this as LayeredNamespace<unknown>, key);
  }

  dropLocal(key: string): void {
    this.local.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    // Generations only matter while a load is in flight; keep the map from growing without bound.
    if (this.generations.size > this.options.max * 2) this.generations.clear();
  }
}
