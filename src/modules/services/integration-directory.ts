import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { AppError } from '../../http/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Executor } from '../../ports/store.ts';
import { openSecrets } from './integration-settings.ts';
import { integrations } from './services.tables.ts';

export interface KnownIntegration {
  id: string;
  orgId: string;
  serviceId: string;
  type: string;
  rateLimitPerMinute: number | null;
  /** The type's settings with its secrets opened: never log them. */
  settings: Record<string, unknown>;
}

/** How long another process's change to an integration can take to be seen here. */
const TTL_MS = 5_000;

/**
 * Finds the integration of a routing key on every ingested event. Hot: answered from a bounded cache,
 * unknown keys included, so a sender hammering a wrong key costs no database round trips.
 */
export class IntegrationDirectory {
  private readonly cache = new LRUCache<string, KnownIntegration | 'unknown'>({ max: 50_000, ttl: TTL_MS });

  constructor(
    private readonly db: Executor,
    private readonly secrets: SecretBox,
  ) {}

  async lookup(key: string): Promise<KnownIntegration | undefined> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached === 'unknown' ? undefined : cached;
    const [row] = await this.db
      .select({
        id: integrations.id,
        orgId: integrations.orgId,
        serviceId: integrations.serviceId,
        type: integrations.type,
        rateLimitPerMinute: integrations.rateLimitPerMinute,
        settings: integrations.settings,
        sealedSecrets: integrations.sealedSecrets,
      })
      .from(integrations)
      .where(eq(integrations.integrationKey, key));
    const known = row && { id: row.id, orgId: row.orgId, serviceId: row.serviceId, type: row.type, rateLimitPerMinute: row.rateLimitPerMinute, settings: { ...row.settings, ...this.openSecrets(row) } };
    this.cache.set(key, known ?? 'unknown');
    return known;
  }

  /** A credential this instance's key cannot open is an operator's problem (a wrong or rotated key): a 503 that says so. */
  private openSecrets(row: { id: string; sealedSecrets: string | null }): Record<string, unknown> {
    try {
      return openSecrets(this.secrets, row.sealedSecrets, row.id);
    } catch {
      throw new AppError('unavailable', "This integration's credentials cannot be opened with the instance's VIGIL_SECRET_KEY (a wrong key, or a rotation without VIGIL_SECRET_KEY_PREVIOUS).", [], { 'retry-after': '60' });
    }
  }

  forget(key: string): void {
    this.cache.delete(key);
  }
}
