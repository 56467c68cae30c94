import { eq, or, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../http/errors.ts';
import type { Executor, Store } from '../../ports/store.ts';
import { organizations } from '../orgs/orgs.tables.ts';
import { type Counts, ExportWriter } from './transfer-format.ts';
import type { TransferTable } from './transfer-tables.ts';
import { transferTables } from './transfer-tables.ts';

/** Rows read per query: a big organisation streams through, it never sits in memory. */
const PAGE_ROWS = 1_000;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the lines go; resolves once a line is taken (waits while the destination is full). */
export type LineSink = (text: string) => Promise<void>;

export interface ExportSummary {
  organization: { id: string; name: string };
  counts: Counts;
}

/** The organisation with this id, or the only one with exactly this name. */
async function findOrganization(db: Executor, selector: string): Promise<{ id: string; name: string }> {
  const found = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(uuidShape.test(selector) ? or(eq(organizations.id, selector.toLowerCase()), eq(organizations.name, selector)) : eq(organizations.name, selector));
  if (found.length === 0) throw new AppError('not_found', `No organisation with the id or name ${JSON.stringify(selector)} in this store.`);
  if (found.length > 1) throw new AppError('conflict', `${found.length} organisations are named ${JSON.stringify(selector)}: give the id of the one to export (${found.map((org) => org.id).join(', ')}).`);
  return found[0]!;
}

/** One page of a table's rows after `after` (its primary key values), serialised by PostgreSQL itself. */
function pageQuery(table: TransferTable, orgId: string, after: unknown[] | undefined): SQL {
  const columns = sql.join(
    table.columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const key = sql.join(
    table.primaryKey.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const conditions = [sql`${table.orgColumn} = ${orgId}`];
  if (table.within) conditions.push(table.within(orgId));
  if (after) {
    const values = sql.join(
      after.map((value) => sql`${value}`),
      sql`, `,
    );
    conditions.push(table.primaryKey.length === 1 ? sql`${key} > ${values}` : sql`(${key}) > (${values})`);
  }
  // to_jsonb writes timestamps as ISO 8601 to the microsecond and jsonb as it is stored: nothing is lost
  // on the way through JavaScript, because the row never goes through it.
  return sql`select to_jsonb(r)::text as "row", jsonb_build_array(${key})::text as "key"
    from (select ${columns} from ${table.table} where ${sql.join(conditions, sql` and `)} order by ${key} limit ${PAGE_ROWS}) r
    order by ${key}`;
}

/**
 * Writes one organisation (`selector`: its id or exact name) as an export file, table by table, each paged by
 * its primary key, all from one snapshot of the store (a repeatable-read transaction), so that the file is
 * consistent even while Vigil runs on PostgreSQL.
 */
export async function exportOrganization(store: Store, selector: string, write: LineSink, version: string, now: Date): Promise<ExportSummary> {
  // Through store.write, not store.db.transaction: on PostgreSQL that checks its connection out and releases it
  // whatever happens (drizzle's pool transaction can leave one checked out). Nothing is written: the snapshot
  // is made read-only before the first read.
  return store.write(
    async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read, read only`);
      const organization = await findOrganization(tx, selector);
      const writer = new ExportWriter();
      await write(writer.header({ vigil_export: 1, version, organization, exported_at: now.toISOString() }));
      for (const table of transferTables) {
        let after: unknown[] | undefined;
        for (;;) {
          const result = await tx.execute(pageQuery(table, organization.id, after));
          const rows = (result as unknown as { rows: Array<{ row: string; key: string }> }).rows;
          for (const { row } of rows) await write(writer.row(table.name, row));
          if (rows.length < PAGE_ROWS) break;
          after = JSON.parse(rows.at(-1)!.key) as unknown[];
        }
      }
      await write(writer.trailer());
      return { organization, counts: writer.counts };
    },
  );
}
