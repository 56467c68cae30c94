import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
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
import { startMaintenance } from './maintenance.ts';
import { GroupCommit } from '../../lib/group-commit.ts';

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

/** Most lone statements (`writeStatement`) committed together. */
const MAX_STATEMENTS_PER_COMMIT = 100;

/** A statement's failure; nothing when it committed. */
type StatementOutcome = { error: unknown } | undefined;

/**
 * Runs independent statements in one transaction. Should one fail, none is committed, so each runs again on its
 * own: only the failing one fails, as it would have alone.
 */
async function commitTogether(db: Database, batch: SQL[]): Promise<StatementOutcome[]> {
  if (batch.length > 1) {
    try {
      await db.transaction(async (tx) => {
        for (const statement of batch) await tx.execute(statement);
      });
      return batch.map(() => undefined);
    } catch {
      // each on its own below
    }
  }
  const outcomes: StatementOutcome[] = [];
  for (const statement of batch) {
    try {
      await db.execute(statement);
      outcomes.push(undefined);
    } catch (error) {
      outcomes.push({ error });
    }
  }
  return outcomes;
}

export async function openPgliteStore(dataDir: string, options: PgliteStoreOptions = { fsync: true, sharedBuffersMb: 32, vacuumSeconds: 60 }): Promise<Store> {
  const unlock = lockDataDir(dataDir);
  try {
    const fs = new SyncedNodeFS(`${dataDir}/pgdata`);
    const client = await PGlite.create({ fs, postgresqlconf: [`shared_buffers = ${options.sharedBuffersMb}MB`, ...SETTINGS] });
    const forDrizzle = clientForDrizzle(client);
    const db = drizzle({ client: forDrizzle, schema }) as unknown as Database;
    await migrate(drizzle({ client: forDrizzle }), { migrationsFolder });
    await fs.syncAll();
    const maintenance = startMaintenance(client, options.vacuumSeconds);
    /** Statements prepared in PGlite's one session, by name (insertRows). */
    const prepared = new Map<string, Promise<unknown>>();
    // Lone statements that arrive together (a storm of pages records each one sent) commit and fsync together,
    // which costs PGlite about what one of them does on its own.
    const statements = new GroupCommit<SQL, StatementOutcome>(async (batch) => {
      const outcomes = await commitTogether(db, batch);
      if (options.fsync) await fs.sync();
      return outcomes;
    }, MAX_STATEMENTS_PER_COMMIT);
    return {
      kind: 'pglite',
      db,
      async write(work) {
        const result = await db.transaction(work);
        if (options.fsync) await fs.sync();
        return result;
      },
      async writeStatement(statement) {
        const outcome = await statements.submit(statement);
        if (outcome) throw outcome.error;
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
        maintenance.deferWhile(check);
      },
      async close() {
        try {
          await statements.drain();
          await maintenance.stop();
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
