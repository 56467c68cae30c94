import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { Executor } from '../../ports/store.ts';
import { integrations } from './services.tables.ts';

export interface KnownIntegration {
  id: string;
  orgId: string;
  serviceId: string;
  type: string;
  rateLimitPerMinute: number | null;
}

/** How long another process's change to an integration can take to be seen here. */
const TTL_MS = 5_000;

/**
 * Finds the integration of a routing key on every ingested event. Hot: answered from a bounded cache,
 * unknown keys included, so a sender hammering a wrong key costs no database round trips.
 */
export class IntegrationDirectory {
  private readonly cache = new LRUCache<string, KnownIntegration | 'unknown'>({ max: 50_000, ttl: TTL_MS });

  constructor(private readonly db: Executor) {}

  async lookup(key: string): Promise<KnownIntegration | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached === 'unknown' ? undefined : cached;
    const [row] = await this.db
      .select({ id: integrations.id, orgId: integrations.orgId, serviceId: integrations.serviceId, type: integrations.type, rateLimitPerMinute: integrations.rateLimitPerMinute })
      .from(integrations)
      .where(eq(integrations.integrationKey, key));
    this.cache.set(key, row ?? 'unknown');
    return row;
  }

  forget(key: string): void {
    this.cache.delete(key);
  }
}
