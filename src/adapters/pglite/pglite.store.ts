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
  /** Seconds between VACUUM ANALYZE runs of the busiest tables; 0 turns them off. */
  vacuumSeconds: number;
}

/** Tables every event writes to or updates; the others change at human pace. */
const BUSY_TABLES = ['events', 'alerts', 'incidents', 'incident_log', 'outbox', 'outbox_relay', 'stream_pending', 'stream_events', 'jobs', 'incident_escalations', 'notifications'];

export async function openPgliteStore(dataDir: string, options: PgliteStoreOptions = { fsync: true, sharedBuffersMb: 32, vacuumSeconds: 60 }): Promise<Store> {
  const unlock = lockDataDir(dataDir);
  try {
    const fs = new SyncedNodeFS(`${dataDir}/pgdata`);
    const client = await PGlite.create({ fs, postgresqlconf: [`shared_buffers = ${options.sharedBuffersMb}MB`] });
    const db = drizzle({ client, schema }) as unknown as Database;
    await migrate(drizzle({ client }), { migrationsFolder });
    await fs.syncAll();
    // PGlite runs PostgreSQL in single-user mode: no autovacuum. Without this, every folded event leaves a
    // dead row and index entry behind, the fold's scans slow down as they pile up, and the planner's
    // statistics never change. VACUUM only visits pages changed since the last run; one table at a time, so
    // ingestion gets the connection between tables. The first run after a flood still holds it ~1 s.
    let vacuuming: Promise<unknown> | undefined;
    const vacuum = () => {
      vacuuming ??= (async () => {
        for (const table of BUSY_TABLES) await client.exec(`vacuum (analyze) ${table}`);
      })().finally(() => {
        vacuuming = undefined;
      });
      return vacuuming;
    };
    const timer = options.vacuumSeconds > 0 ? setInterval(() => void vacuum().catch(() => undefined), options.vacuumSeconds * 1000) : undefined;
    timer?.unref();
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
          if (timer) clearInterval(timer);
          await vacuuming?.catch(() => undefined);
          await fs.syncAll();
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
