import { eq } from 'drizzle-orm';
import { AppError } from '../../http/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Cache, CacheNamespace } from '../../ports/cache.ts';
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

/** Changes are invalidated on every process at once; should an invalidation be lost, this bounds the staleness. */
const TTL_MS = 30_000;

/**
 * Finds the integration of a routing key on every ingested event. Hot: answered from a bounded cache,
 * unknown keys included, so a sender hammering a wrong key costs no database round trips. Kept in this
 * process only (never in Redis): the entries hold the integration's opened secrets.
 */
export class IntegrationDirectory {
  private readonly cache: CacheNamespace<KnownIntegration | null>;

  constructor(
    private readonly db: Executor,
    private readonly secrets: SecretBox,
    cache: Cache,
  ) {
    this.cache = cache.namespace('integrations', { ttlMs: TTL_MS, max: 50_000, shared: false });
  }

  async lookup(key: string): Promise<KnownIntegration | undefined> {
    return (await this.cache.get(key, async () => ({ value: (await this.load(key)) ?? null }))) ?? undefined;
  }

  private async load(key: string): Promise<KnownIntegration | undefined> {
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
    return row && { id: row.id, orgId: row.orgId, serviceId: row.serviceId, type: row.type, rateLimitPerMinute: row.rateLimitPerMinute, settings: { ...row.settings, ...this.openSecrets(row) } };
  }

  /** A credential this instance's key cannot open is an operator's problem (a wrong or rotated key): a 503 that says so. */
  private openSecrets(row: { id: string; sealedSecrets: string | null }): Record<string, unknown> {
    try {
      return openSecrets(this.secrets, row.sealedSecrets, row.id);
    } catch {
      throw new AppError('unavailable', "This integration's credentials cannot be opened with the instance's VIGIL_SECRET_KEY (a wrong key, or a rotation without VIGIL_SECRET_KEY_PREVIOUS).", [], { 'retry-after': '60' });
    }
  }

  /** After a commit that changed or removed the key's integration: every process looks it up again. */
  forget(key: string): Promise<void> {
    return this.cache.invalidate(key);
  }
}
