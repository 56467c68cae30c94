import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database, Store } from '../../ports/store.ts';
import { migrationsFolder } from '../migrations-folder.ts';
import * as schema from '../schema.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { SyncedNodeFS } from './synced-node-fs.ts';

/** The embedded store: PostgreSQL in WebAssembly, one file tree under the data directory, one process. */
export interface PgliteStoreOptions {
  /** fsync each commit before `write` returns (off only to measure what it costs). */
  fsync: boolean;
  sharedBuffersMb: number;
}

export async function openPgliteStore(dataDir: string, options: PgliteStoreOptions = { fsync: true, sharedBuffersMb: 32 }): Promise<Store> {
  const unlock = lockDataDir(dataDir);
  try {
    const fs = new SyncedNodeFS(`${dataDir}/pgdata`);
    const client = await PGlite.create({ fs, postgresqlconf: [`shared_buffers = ${options.sharedBuffersMb}MB`] });
    const db = drizzle({ client, schema }) as unknown as Database;
    await migrate(drizzle({ client }), { migrationsFolder });
    await fs.sync();
    return {
      kind: 'pglite',
      db,
      async write(work) {
        const result = await db.transaction(work);
        if (options.fsync) await fs.sync();
        return result;
      },
      async writeStatement(statement) {
        await db.execute(statement);
        if (options.fsync) await fs.sync();
      },
      async ping() {
        await db.execute(sql`select 1`);
      },
      async close() {
        try {
          await fs.sync();
          await client.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
