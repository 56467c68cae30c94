import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Whether the embedded store's PostgreSQL cluster exists in the data directory (initdb has run). */
export function hasDatabaseCluster(dataDir: string): boolean {
  return existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
}
