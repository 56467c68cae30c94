/**
 * Caches for hot reads, invalidated on writes. A namespace is one kind of value (integration by key, who is
 * on call by organisation). Embedded mode keeps values in this process; scaled mode also shares them
 * through Redis (namespaces that allow it) and tells every process about an invalidation.
 */
export interface CacheNamespaceOptions {
  /** Upper bound on how stale a value can be if an invalidation is lost. */
  ttlMs: number;
  /** Entries kept in this process. */
  max: number;
  /** May values be stored in Redis? Never for values holding opened secrets. */
  shared: boolean;
}

export interface CachedLoad<V> {
  value: V;
  /** Shorter than the namespace's ttl when the value is known to change by then (a shift ending). */
  ttlMs?: number;
}

export interface CacheNamespace<V> {
  /**
   * The cached value, else `load`'s (then cached). Values must be JSON-serialisable when shared. `isFresh`
   * can refuse a cached value (one computed for a time that has passed, by the application's clock).
   */
  get(key: string, load: () => Promise<CachedLoad<V>>, isFresh?: (value: V) => boolean): Promise<V>;
  /** After a write's commit: drops the key here, in Redis and in every other process. */
  invalidate(key: string): Promise<void>;
}

export interface Cache {
  /** The namespace of this name, created with these options on first use. */
  namespace<V>(name: string, options: CacheNamespaceOptions): CacheNamespace<V>;
  /** Starts listening for other processes' invalidations. */
  start(): Promise<void>;
  close(): Promise<void>;
}
