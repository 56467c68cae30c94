import type { Config } from '../config/config.ts';
import type { Store } from '../ports/store.ts';
import { openPgliteStore } from './pglite/pglite.store.ts';
import { openPostgresStore } from './postgres/postgres.store.ts';

/** PostgreSQL when DATABASE_URL is set, else the embedded store in VIGIL_DATA_DIR. Migrations run on open. */
export function openStore(config: Config): Promise<Store> {
  if (config.DATABASE_URL) return openPostgresStore({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE, migrate: true });
  return openPgliteStore(config.VIGIL_DATA_DIR, { fsync: config.VIGIL_EMBEDDED_FSYNC, sharedBuffersMb: config.VIGIL_EMBEDDED_SHARED_BUFFERS_MB });
}
