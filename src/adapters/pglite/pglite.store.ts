import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database, Store } from '../../ports/store.ts';
import { migrationsFolder } from '../migrations-folder.ts';
import { preparedBulkInsert } from '../bulk-insert.ts';
import { clientForDrizzle } from './drizzle-client.ts';
import { stringLiteral } from './prepared-statements.ts';
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

const SETTINGS = [
  // PostgreSQL's default, stated because insertRows' literals rely on it.
  'standard_conforming_strings = on',
  // A new 16 MB WAL segment is created with its last byte written instead of zeros: writing 16 MB through
  // WebAssembly stalled the store for tens of milliseconds every 16 MB of WAL. What zero-filling buys is
  // space reserved ahead (a full disk fails at segment creation rather than at a WAL write); either way the
  // store stops and acknowledged commits are kept.
  'wal_init_zero = off',
  // ANALYZE runs in the foreground here (see MAINTENANCE_DUE) and samples 300 rows per unit of target: at
  // PostgreSQL's 100, analyzing the events table after a flood held the store ~0.6 s. The hot queries are
  // index lookups by organisation and id, for which 30 histogram buckets and common values are plenty.
  'default_statistics_target = 30',
];

/** A vacuum due while the store is busy waits for a quiet moment, at most this long. */
const MAX_VACUUM_DEFERRAL_MS = 5 * 60_000;

/**
 * The tables due for VACUUM and for ANALYZE by autovacuum's default rule (PostgreSQL's own thresholds: dead
 * rows over 50 + 20% of the live ones, rows inserted since the last vacuum over 1,000 + 20%, rows changed
 * since the last analyze over 50 + 10%), most changed first. A table that did not change enough is skipped,
 * so each run holds the store only for what needs it.
 */
const MAINTENANCE_DUE = `
  select relname as table,
    n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup as vacuum,
    n_mod_since_analyze > 50 + 0.1 * n_live_tup as analyze
  from pg_stat_user_tables
  where schemaname = 'public'
    and (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup)
  order by n_dead_tup + n_mod_since_analyze desc`;

export async function openPgliteStore(dataDir: string, options: PgliteStoreOptions = { fsync: true, sharedBuffersMb: 32, vacuumSeconds: 60 }): Promise<Store> {
  const unlock = lockDataDir(dataDir);
  try {
    const fs = new SyncedNodeFS(`${dataDir}/pgdata`);
    const client = await PGlite.create({ fs, postgresqlconf: [`shared_buffers = ${options.sharedBuffersMb}MB`, ...SETTINGS] });
    const forDrizzle = clientForDrizzle(client);
    const db = drizzle({ client: forDrizzle, schema }) as unknown as Database;
    await migrate(drizzle({ client: forDrizzle }), { migrationsFolder });
    await fs.syncAll();
    // PGlite runs PostgreSQL in single-user mode: no autovacuum. Without this, every folded event leaves a
    // dead row and index entry behind, the fold's scans slow down as they pile up, and the planner's
    // statistics never change. VACUUM only visits pages changed since the last run; one statement at a time,
    // so ingestion gets the connection between them. After a flood the events table still holds it ~0.3 s.
    let vacuuming: Promise<unknown> | undefined;
    const vacuum = () => {
      vacuuming ??= (async () => {
        const due = await client.query<{ table: string; vacuum: boolean; analyze: boolean }>(MAINTENANCE_DUE);
        for (const table of due.rows) {
          const name = `"${table.table.replaceAll('"', '""')}"`;
          if (table.vacuum) await client.exec(`vacuum ${name}`);
          if (table.analyze) await client.exec(`analyze ${name}`);
        }
      })().finally(() => {
        vacuuming = undefined;
      });
      return vacuuming;
    };
    // Due every vacuumSeconds, but run when `busy` says nothing is being stored (a vacuum holds the store for
    // up to a second or two after a flood), unless it has waited MAX_VACUUM_DEFERRAL_MS.
    let busy: () => boolean = () => false;
    let lastVacuum = performance.now();
    const intervalMs = options.vacuumSeconds * 1000;
    const timer =
      intervalMs > 0
        ? setInterval(
            () => {
              const waited = performance.now() - lastVacuum;
              if (vacuuming || waited < intervalMs || (busy() && waited < intervalMs + MAX_VACUUM_DEFERRAL_MS)) return;
              void vacuum()
                .catch(() => undefined)
                .finally(() => {
                  lastVacuum = performance.now();
                });
            },
            Math.min(intervalMs, 1000),
          )
        : undefined;
    timer?.unref();
    /** Statements prepared in PGlite's one session, by name (insertRows). */
    const prepared = new Map<string, Promise<unknown>>();
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
      async insertRows(table, columns, rows) {
        if (rows.length === 0) return;
        const { name, text } = preparedBulkInsert(table, columns);
        let preparing = prepared.get(name);
        if (!preparing) {
          preparing = client.exec(`prepare ${name} (jsonb) as ${text}`);
          prepared.set(name, preparing);
          preparing.catch(() => prepared.delete(name)); // the next call tries again
        }
        await preparing;
        // The simple protocol, one round into PostgreSQL instead of parse, describe, bind and execute; EXECUTE
        // takes no bind parameters there, so the rows go as a literal.
        await client.exec(`execute ${name}(${stringLiteral(JSON.stringify(rows))})`);
        if (options.fsync) await fs.sync();
      },
      async ping() {
        await db.execute(sql`select 1`);
      },
      deferMaintenanceWhile(check) {
        busy = check;
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
