import { type SQL, sql } from 'drizzle-orm';

/**
 * One statement, with one parameter, inserting many rows (undefined when there are none): the rows travel as a JSON array that PostgreSQL
 * unpacks with jsonb_populate_recordset. On the hot paths (ingest, fold) this is several times faster than
 * a multi-row VALUES list built by the query builder, and has no limit on parameters.
 * `columns` are the table's column names, as rows name them; omitted columns take their defaults.
 */
export function bulkInsertStatement(table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): SQL | undefined {
  if (rows.length === 0) return undefined;
  return sql.raw(bulkInsertText(table, columns)).append(sql`${JSON.stringify(rows)}::jsonb)`);
}

/** The same statement's text up to its one parameter (the JSON rows), for a store to prepare: `…recordset(null::"t", ` */
function bulkInsertText(table: string, columns: readonly string[]): string {
  const list = columns.map((column) => `"${column}"`).join(', ');
  return `insert into "${table}" (${list}) select ${list} from jsonb_populate_recordset(null::"${table}", `;
}

/** The statement with its parameter as `$1`, and a name to prepare it under (one per table and column list). */
export function preparedBulkInsert(table: string, columns: readonly string[]): PreparedBulkInsert {
  const key = `${table}(${columns.join(',')})`;
  let statement = preparedInserts.get(key);
  if (!statement) {
    statement = { name: `vigil_bulk_insert_${preparedInserts.size + 1}`, text: `${bulkInsertText(table, columns)}$1::jsonb)` };
    preparedInserts.set(key, statement);
  }
  return statement;
}

interface PreparedBulkInsert {
  readonly name: string;
  readonly text: string;
}

/** Built once per table and column list: ingestion asks on every commit. */
const preparedInserts = new Map<string, PreparedBulkInsert>();
