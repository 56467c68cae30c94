import { type SQL, sql } from 'drizzle-orm';

/**
 * One statement, with one parameter, inserting many rows (undefined when there are none): the rows travel as a JSON array that PostgreSQL
 * unpacks with jsonb_populate_recordset. On the hot paths (ingest, fold) this is several times faster than
 * a multi-row VALUES list built by the query builder, and has no limit on parameters.
 * `columns` are the table's column names, as rows name them; omitted columns take their defaults.
 */
export function bulkInsertStatement(table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): SQL | undefined {
  if (rows.length === 0) return undefined;
  const list = sql.raw(columns.map((column) => `"${column}"`).join(', '));
  return sql`insert into ${sql.raw(`"${table}"`)} (${list}) select ${list} from jsonb_populate_recordset(null::${sql.raw(`"${table}"`)}, ${JSON.stringify(rows)}::jsonb)`;
}
