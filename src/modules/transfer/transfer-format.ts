import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type Row, rowSchema } from './transfer-rows.ts';
import { type TransferTable, transferTable, transferTables } from './transfer-tables.ts';

/**
 * The export file, JSON Lines: a header, one line per row (`{"table", "row"}`, tables in `transferTables`
 * order), and a trailer with the row count of every table and the SHA-256 of every line before it, so that a
 * truncated or altered file is refused as a whole.
 */
const FORMAT = 1;

const headerLine = z.strictObject({
  vigil_export: z.literal(FORMAT, { error: `must be ${FORMAT}: this Vigil reads version ${FORMAT} of the export format` }),
  version: z.string(),
  organization: z.strictObject({ id: z.guid(), name: z.string() }),
  exported_at: z.iso.datetime({ offset: true }),
});
export type Header = z.infer<typeof headerLine>;

const rowLine = z.strictObject({ table: z.string(), row: z.record(z.string(), z.unknown()) });

const trailerLine = z.strictObject({
  vigil_export_end: z.literal(FORMAT),
  rows: z.record(z.string(), z.number().int().nonnegative()),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type Counts = Record<string, number>;

/** Builds the lines of an export, counting rows and hashing every line for the trailer. */
export class ExportWriter {
  private readonly hash: Hash = createHash('sha256');
  readonly counts: Counts = Object.fromEntries(transferTables.map((table) => [table.name, 0]));

  header(header: Header): string {
    return this.line(JSON.stringify(header));
  }

  /** A row already serialised by PostgreSQL (`to_jsonb(row)::text`), written as it is. */
  row(table: string, rowJson: string): string {
    this.counts[table] = (this.counts[table] ?? 0) + 1;
    return this.line(`{"table":${JSON.stringify(table)},"row":${rowJson}}`);
  }

  trailer(): string {
    return `${JSON.stringify({ vigil_export_end: FORMAT, rows: this.counts, sha256: this.hash.digest('hex') })}\n`;
  }

  private line(text: string): string {
    const line = `${text}\n`;
    this.hash.update(line);
    return line;
  }
}

export type ReadLine = { kind: 'header'; header: Header } | { kind: 'row'; table: TransferTable; row: Row } | { kind: 'trailer' };

const refuse = (message: string) => new AppError('validation_failed', `${message}. Nothing was imported.`);

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Checks an export line by line, in order (`accept`), then as a whole (`finish`): every failure is an
 * AppError naming the line and what is wrong with it.
 */
export class ImportReader {
  private readonly hash: Hash = createHash('sha256');
  private readonly schemas = new Map<string, z.ZodType<Row>>();
  private readonly counts: Counts = {};
  private lineNumber = 0;
  private fileHeader: Header | undefined;
  private tableIndex = 0;
  private trailer: z.infer<typeof trailerLine> | undefined;

  get line(): number {
    return this.lineNumber;
  }

  /** The header, once its line was accepted. */
  get header(): Header | undefined {
    return this.fileHeader;
  }

  get rowCounts(): Counts {
    return { ...this.counts };
  }

  accept(text: string): ReadLine {
    this.lineNumber += 1;
    const at = `Line ${this.lineNumber}`;
    if (this.trailer) throw refuse(`${at}: the file goes on after its trailer (line ${this.lineNumber - 1})`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Not the parser's message: it quotes the line, which may hold a password hash or a sealed credential.
      throw refuse(`${at} is not JSON: a damaged or cut line`);
    }
    if (!this.fileHeader) {
      const header = headerLine.safeParse(value);
      if (!header.success) throw refuse(`${at} is not the header of a vigil export (${issues(header.error)})`);
      this.hash.update(`${text}\n`);
      this.fileHeader = header.data;
      return { kind: 'header', header: header.data };
    }
    if (typeof value === 'object' && value !== null && 'vigil_export_end' in value) {
      const trailer = trailerLine.safeParse(value);
      if (!trailer.success) throw refuse(`${at}: the trailer is not valid (${issues(trailer.error)})`);
      this.trailer = trailer.data;
      return { kind: 'trailer' };
    }
    this.hash.update(`${text}\n`);
    const line = rowLine.safeParse(value);
    if (!line.success) throw refuse(`${at} is not a row line (${issues(line.error)})`);
    const found = transferTable(line.data.table);
    if (!found) throw refuse(`${at}: "${line.data.table}" is not a table vigil export writes`);
    if (found.index < this.tableIndex) throw refuse(`${at}: a ${found.table.name} row after ${transferTables[this.tableIndex]!.name} rows (tables come in a fixed order)`);
    this.tableIndex = found.index;
    const table = found.table;
    const row = this.schemaOf(table).safeParse(line.data.row);
    if (!row.success) throw refuse(`${at}: not a valid ${table.name} row (${issues(row.error)})`);
    if (row.data[table.orgColumn.name] !== this.fileHeader.organization.id) {
      throw refuse(`${at}: a ${table.name} row of organisation ${String(row.data[table.orgColumn.name])}, not of ${this.fileHeader.organization.id} named in the header`);
    }
    this.counts[table.name] = (this.counts[table.name] ?? 0) + 1;
    if (table.name === 'organizations' && this.counts[table.name]! > 1) throw refuse(`${at}: a second organizations row`);
    return { kind: 'row', table, row: row.data };
  }

  /** Once the input has ended: the trailer was there and agrees with what came before it. */
  finish(): void {
    if (!this.fileHeader) throw refuse('The file is empty');
    if (!this.trailer) {
      throw refuse(`The file ends at line ${this.lineNumber} without its trailer: it is truncated (an export that did not finish, or an incomplete copy)`);
    }
    const trailerAt = `the trailer (line ${this.lineNumber})`;
    for (const name of new Set([...Object.keys(this.trailer.rows), ...Object.keys(this.counts)])) {
      const expected = this.trailer.rows[name] ?? 0;
      const found = this.counts[name] ?? 0;
      if (expected !== found) throw refuse(`${trailerAt} counts ${expected} ${name} rows; the file holds ${found}`);
    }
    if (this.hash.digest('hex') !== this.trailer.sha256) throw refuse(`The lines before ${trailerAt} are not those it was written for: the file was changed after export`);
    if (this.counts['organizations'] !== 1) throw refuse('The file holds no organizations row');
  }

  private schemaOf(table: TransferTable): z.ZodType<Row> {
    let schema = this.schemas.get(table.name);
    if (!schema) {
      schema = rowSchema(table);
      this.schemas.set(table.name, schema);
    }
    return schema;
  }
}
