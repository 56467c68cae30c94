import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Store } from '../../ports/store.ts';
import { preparedBulkInsert } from '../bulk-insert.ts';
import { migrationsFolder } from '../migrations-folder.ts';
import * as schema from '../schema.ts';

/** Any number that is the same in every Vigil process: processes starting together migrate one at a time. */
const MIGRATION_LOCK = 0x76696769;

export interface PostgresStoreOptions {
  url: string;
  poolSize: number;
  migrate: boolean;
}

/** The scaled store: PostgreSQL through a pg Pool. Its commits are durable as the server's settings make them. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize, application_name: 'vigil' });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it, and queries report their own errors.
  });
  // A client checked out when the server goes (failover, a terminated backend) emits 'error' too: without a
  // listener that would crash the process. Its queries reject on their own, and the pool discards it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    if (options.migrate) await migrateWithLock(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzle({ client: pool, schema }) as unknown as Database;
  // One drizzle instance per pooled connection, made on its first transaction (no relational queries: no schema).
  const sessions = new WeakMap<pg.PoolClient, Database>();
  const onClient = (client: pg.PoolClient) => {
    let session = sessions.get(client);
    if (!session) sessions.set(client, (session = drizzle({ client }) as unknown as Database));
    return session;
  };
  return {
    kind: 'postgres',
    db,
    async write(work) {
      // Not db.transaction: on a pool, drizzle sends `begin` before its try/finally, so a connection that drops
      // right then is never released and pool.end() waits for it forever. The client is checked out here and
      // released whatever happens (the pool discards it if its connection is gone).
      const client = await pool.connect();
      try {
        return await onClient(client).transaction(work);
      } finally {
        client.release();
      }
    },
    async writeStatement(statement) {
      await db.execute(statement);
    },
    async insertRows(table, columns, rows) {
      if (rows.length === 0) return;
      // Named: each pooled connection prepares it on first use, then only binds and executes it.
      await pool.query({ ...preparedBulkInsert(table, columns), values: [JSON.stringify(rows)] });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

async function migrateWithLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
