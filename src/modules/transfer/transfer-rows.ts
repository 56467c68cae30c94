import { type Column, is, SQL } from 'drizzle-orm';
import { PgArray } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { TransferTable } from './transfer-tables.ts';

/** A row as the file holds it: column names as in the database, values as PostgreSQL's to_jsonb writes them. */
export type Row = Record<string, unknown>;

/** The JSON shape of one column's values, from its Drizzle type. */
function valueSchema(column: Column): z.ZodType {
  if (is(column, PgArray)) return z.array(valueSchema(column.baseColumn as Column));
  switch (column.columnType) {
    case 'PgUUID':
      return z.guid();
    case 'PgText':
      return column.enumValues && column.enumValues.length > 0 ? z.enum(column.enumValues as [string, ...string[]]) : z.string();
    case 'PgInteger':
      return z.number().int().min(-2_147_483_648).max(2_147_483_647);
    case 'PgBigSerial53':
    case 'PgBigInt53':
      return z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
    case 'PgBoolean':
      return z.boolean();
    // to_jsonb writes ISO 8601 with the offset and every microsecond; PostgreSQL reads it back exactly.
    case 'PgTimestamp':
      return z.iso.datetime({ offset: true });
    case 'PgJsonb':
      return z.json();
    default:
      throw new Error(`vigil export does not know how to carry ${column.columnType} columns (${column.name}).`);
  }
}

/**
 * The schema of one table's rows: exactly its columns. A column the file lacks (a file from an older Vigil)
 * is null when it may be, or its default when it has a constant one; otherwise the row is refused, as is a
 * column this Vigil does not have.
 */
export function rowSchema(table: TransferTable): z.ZodType<Row> {
  const shape: Record<string, z.ZodType> = {};
  for (const column of table.columns) {
    const value = valueSchema(column);
    if (!column.notNull) shape[column.name] = value.nullable().default(null);
    else if (column.hasDefault && column.default !== undefined && !is(column.default, SQL)) shape[column.name] = value.default(column.default);
    else shape[column.name] = value;
  }
  return z.strictObject(shape) as unknown as z.ZodType<Row>;
}

/** Old → new ids of the domain events carried (outbox ids are drawn again, like every bigserial). */
export type OutboxIds = Map<number, number>;

/**
 * What a row becomes in the target beyond its new bigserial id (set by the importer). Throws a message when
 * the row points at something the file did not carry.
 */
export function rowForTarget(table: string, row: Row, outboxIds: OutboxIds): Row {
  switch (table) {
    // The job that was to send a scheduled notification stayed in the old store. Unqueued, the engine's
    // stranded-notifications pass queues it again (delayed to its due time), its job key keeping it to one.
    case 'notifications':
      return row['status'] === 'scheduled' ? { ...row, queued_at: null } : row;
    case 'webhook_deliveries': {
      const outboxId = outboxIds.get(row['outbox_id'] as number);
      if (outboxId === undefined) throw new Error(`it points at domain event ${String(row['outbox_id'])}, which the file does not carry`);
      return { ...row, outbox_id: outboxId };
    }
    default:
      return row;
  }
}
