import type { Config } from '../config/config.ts';
import type { Store } from '../ports/store.ts';

/**
 * PostgreSQL when DATABASE_URL is set, else the embedded store in VIGIL_DATA_DIR. Migrations run on open.
 * Each adapter is loaded only when chosen: PGlite's module alone costs a process on PostgreSQL ~tens of MB.
 */
export async function openStore(config: Config): Promise<Store> {
  if (config.DATABASE_URL) {
    const { openPostgresStore } = await import('./postgres/postgres.store.ts');
    return openPostgresStore({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, migrate: true });
  }
  const { openPgliteStore } = await import('./pglite/pglite.store.ts');
  return openPgliteStore(config.VIGIL_DATA_DIR, { fsync: config.VIGIL_EMBEDDED_FSYNC, sharedBuffersMb: config.VIGIL_EMBEDDED_SHARED_BUFFERS_MB,
    vacuumSeconds: config.VIGIL_EMBEDDED_VACUUM_SECONDS,
  });
}
