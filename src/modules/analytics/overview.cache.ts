import { randomUUID } from 'node:crypto';
import type { Cache, CacheNamespace } from '../../ports/cache.ts';
import type { OverviewView } from './analytics.schema.ts';

/** An overview is recomputed at least this often, even should an invalidation be lost. */
const OVERVIEW_TTL_MS = 30_000;
/** Outlives the overviews keyed by it; a version that expires only costs those a recomputation. */
const VERSION_TTL_MS = 10 * 60_000;

/**
 * An organisation's overviews are many (one per range, bucket, zone and service), so rather than drop each,
 * a write drops the organisation's version: a random token in every overview's key. The next read draws a new
 * one, and the overviews cached under the old one are never read again (the LRU and their ttl clear them).
 */
const versions = (cache: Cache): CacheNamespace<string> => cache.namespace('overview-versions', { ttlMs: VERSION_TTL_MS, max: 10_000, shared: true });

export const overviewCache = (cache: Cache): CacheNamespace<OverviewView> => cache.namespace('overviews', { ttlMs: OVERVIEW_TTL_MS, max: 1_000, shared: true });

/** The organisation's current overview version (a new one after each change to its incidents). */
export function overviewVersion(cache: Cache, orgId: string): Promise<string> {
  return versions(cache).get(orgId, async () => ({ value: randomUUID() }));
}

/**
 * After a change to an organisation's incidents has committed: its overviews are computed afresh, in this
 * process at once and in every other one as soon as the invalidation reaches it.
 */
export function overviewsChanged(cache: Cache, orgId: string): Promise<void> {
  return versions(cache).invalidate(orgId);
}
