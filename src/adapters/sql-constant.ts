import { type SQL, sql } from 'drizzle-orm';

/**
 * A constant written into the statement rather than sent as a parameter, for the plan's sake. A plan made for
 * any parameter value (the generic plan of a statement kept prepared, as the embedded store keeps its frequent
 * ones) cannot prove a partial index's predicate (`where status <> 'resolved'`) from `status <> $1`, and takes
 * a `limit $1` for a tenth of the table. Seen here: the fold's lookup of open alerts by key scanned the whole
 * alerts table once per key, 1.3 s a pass after a few thousand incidents.
 */
export function constant(value: string | number): SQL {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return sql.raw(String(value));
  }
  return sql.raw(`'${value.replaceAll("'", "''")}'`);
}
