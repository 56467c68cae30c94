import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from '../adapters/schema.ts';

type Schema = typeof schema;

/** One Drizzle type for both drivers (PGlite and node-postgres). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: what store functions take. */
export type Executor = Database | Transaction;

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** For reads. Writes go through `write`, which makes them durable before it returns. */
  readonly db: Database;
  /**
   * Runs `work` in a transaction and returns once its commit is on disk. Inside `work` use only `tx`:
   * on the embedded store the outer `db` would wait for the transaction forever.
   */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** One statement on its own (its own transaction, without BEGIN/COMMIT round trips), durable when it returns. */
  writeStatement(statement: SQL): Promise<void>;
  /**
   * Inserts `rows` (objects named by column, as bulkInsertStatement takes them) into `table` in one statement on
   * its own, durable when it returns. Ingestion's write: both stores keep the statement prepared, so it is
   * parsed and planned once per connection instead of once per commit.
   */
  insertRows(table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): Promise<void>;
  /** Answers whether the database responds (for /readyz). */
  ping(): Promise<void>;
  /** The embedded store's periodic maintenance (VACUUM) waits, within bounds, while `busy` says so. */
  deferMaintenanceWhile?(busy: () => boolean): void;
  close(): Promise<void>;
}
