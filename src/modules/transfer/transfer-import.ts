import { eq, inArray, or, sql } from 'drizzle-orm';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import { AppError } from '../../http/errors.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { Store, Transaction } from '../../ports/store.ts';
import { auditLog } from '../audit/audit.tables.ts';
import { organizations, users } from '../orgs/orgs.tables.ts';
import { outboxRelay } from '../outbox/outbox.tables.ts';
import { streamPending } from '../stream/stream.tables.ts';
import { type Counts, type Header, ImportReader } from './transfer-format.ts';
import { type OutboxIds, type Row, rowForTarget } from './transfer-rows.ts';
import { checkSealed } from './transfer-secrets.ts';
import type { TransferTable } from './transfer-tables.ts';

/** Rows inserted per statement, and the most JSON one statement carries (events can be large). */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 16 * 1024 * 1024;

export interface ImportSummary {
  header: Header;
  counts: Counts;
  /** Credentials carried that this store's key (VIGIL_SECRET_KEY) cannot open. */
  unopenedSecrets: number;
}

/** Rows of one table waiting to be inserted, and the lines they came from. */
interface Batch {
  table: TransferTable;
  rows: Row[];
  chars: number;
  firstLine: number;
  lastLine: number;
}

/** The PostgreSQL error under Drizzle's wrapper, whose message holds the parameters (rows: hashes, sealed secrets). */
function databaseError(error: unknown): { code?: string; constraint?: string; message: string } | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code, constraint } = cause as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return { code, constraint: typeof constraint === 'string' ? constraint : undefined, message: cause.message };
  }
  return undefined;
}

async function refuseExisting(tx: Transaction, header: Header): Promise<void> {
  const { id, name } = header.organization;
  const [existing] = await tx
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(or(eq(organizations.id, id), eq(organizations.name, name)))
    .limit(1);
  if (!existing) return;
  const what = existing.id === id ? `The organisation ${id} (${JSON.stringify(existing.name)})` : `An organisation named ${JSON.stringify(name)} (${existing.id})`;
  throw new AppError('conflict', `${what} already exists in this store. Nothing was imported.`);
}

/** E-mail addresses are unique across an installation: say which one is taken rather than name an index. */
async function refuseTakenEmails(tx: Transaction, rows: Row[]): Promise<void> {
  const emails = rows.map((row) => String(row['email']).toLowerCase());
  const [taken] = await tx
    .select({ email: users.email })
    .from(users)
    .where(inArray(sql`lower(${users.email})`, emails))
    .limit(1);
  if (taken) throw new AppError('conflict', `${taken.email} is already the e-mail address of a user of another organisation in this store (addresses are unique across an installation). Nothing was imported.`);
}

/** New ids from the table's own sequence, in ascending order. */
async function drawIds(tx: Transaction, table: TransferTable, count: number): Promise<number[]> {
  const result = await tx.execute(sql`select nextval(pg_get_serial_sequence(${table.name}, ${table.serialId!.name}))::text as id from generate_series(1, ${count})`);
  return (result as unknown as { rows: Array<{ id: string }> }).rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

class Importer {
  readonly reader = new ImportReader();
  readonly outboxIds: OutboxIds = new Map();
  unopenedSecrets = 0;
  private batch: Batch | undefined;

  constructor(
    private readonly tx: Transaction,
    private readonly box: SecretBox,
  ) {}

  async line(text: string): Promise<void> {
    const read = this.reader.accept(text);
    if (read.kind === 'header') await refuseExisting(this.tx, read.header);
    if (read.kind !== 'row') return this.flush();
    if (this.batch && this.batch.table !== read.table) await this.flush();
    this.batch ??= { table: read.table, rows: [], chars: 0, firstLine: this.reader.line, lastLine: this.reader.line };
    this.batch.rows.push(read.row);
    this.batch.chars += text.length;
    this.batch.lastLine = this.reader.line;
    if (this.batch.rows.length >= BATCH_ROWS || this.batch.chars >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = undefined;
    if (!batch) return;
    const { table } = batch;
    const lines = batch.firstLine === batch.lastLine ? `line ${batch.firstLine}` : `lines ${batch.firstLine}–${batch.lastLine}`;
    let rows: Row[];
    try {
      rows = batch.rows.map((row) => rowForTarget(table.name, row, this.outboxIds));
    } catch (error) {
      throw new AppError('validation_failed', `A ${table.name} row of ${lines}: ${(error as Error).message}. Nothing was imported.`);
    }
    if (table.name === 'users') await refuseTakenEmails(this.tx, rows);
    if (table.serialId) {
      const key = table.serialId.name;
      const ids = await drawIds(this.tx, table, rows.length);
      rows = rows.map((row, index) => {
        if (table.name === 'outbox') this.outboxIds.set(row[key] as number, ids[index]!);
        return { ...row, [key]: ids[index] };
      });
    }
    this.unopenedSecrets += checkSealed(this.box, table.name, rows).unopened;
    try {
      await this.tx.execute(
        bulkInsertStatement(
          table.name,
          table.columns.map((column) => column.name),
          rows,
        )!,
      );
    } catch (error) {
      const cause = databaseError(error);
      if (!cause) throw error;
      const why = cause.code === '23505' ? `it conflicts with a row already in this store (${cause.constraint ?? 'a unique key'})` : cause.message;
      throw new AppError('conflict', `The store refused the ${table.name} rows of ${lines}: ${why}. Nothing was imported.`);
    }
    // Inserting domain events lists them to be relayed and streamed (a trigger): these were, in the old store.
    if (table.name === 'outbox') {
      const ids = rows.map((row) => row['id'] as number);
      await this.tx.delete(outboxRelay).where(inArray(outboxRelay.outboxId, ids));
      await this.tx.delete(streamPending).where(inArray(streamPending.outboxId, ids));
    }
  }
}

/**
 * Loads an export into the store in one transaction: everything, or — on any refusal, a truncated or changed
 * file, an organisation already here — nothing. UUIDs are kept (API keys, integration keys, links keep
 * working); bigserial ids are drawn again. Ends with an `organization.import` audit entry.
 */
export async function importOrganization(store: Store, box: SecretBox, lines: AsyncIterable<string>, now: Date): Promise<ImportSummary> {
  return store.write(async (tx) => {
    const importer = new Importer(tx, box);
    for await (const text of lines) await importer.line(text);
    await importer.flush();
    importer.reader.finish();
    const header = importer.reader.header!;
    const counts = importer.reader.rowCounts;
    await tx.insert(auditLog).values({
      orgId: header.organization.id,
      actorType: 'system',
      actorId: null,
      action: 'organization.import',
      targetType: 'organization',
      targetId: header.organization.id,
      ip: null,
      requestId: null,
      details: { exported_at: header.exported_at, exported_by: header.version, rows: counts },
      createdAt: now,
    });
    return { header, counts, unopenedSecrets: importer.unopenedSecrets };
  });
}
