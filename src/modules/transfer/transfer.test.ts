import { randomUUID } from 'node:crypto';
import { getTableColumns, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../adapters/schema.ts';
import { ExportWriter, ImportReader } from './transfer-format.ts';
import { rowForTarget, rowSchema } from './transfer-rows.ts';
import { tablesLeftOut, transferTable, transferTables } from './transfer-tables.ts';

const allTables = Object.values<unknown>(schema).filter((value): value is PgTable => is(value, PgTable));

describe('which tables an export carries', () => {
  it('carries or names with a reason every table holding organisation rows, so a new table is not forgotten', () => {
    const withOrgId = allTables.filter((table) => Object.values(getTableColumns(table)).some((column) => column.name === 'org_id')).map((table) => getTableConfig(table).name);
    const accounted = new Set([...transferTables.map((table) => table.name), ...Object.keys(tablesLeftOut)]);
    expect(withOrgId.filter((name) => !accounted.has(name))).toEqual([]);
    const names = new Set(allTables.map((table) => getTableConfig(table).name));
    expect(Object.keys(tablesLeftOut).filter((name) => !names.has(name))).toEqual([]);
  });

  it('lists parents before children: every foreign key points at a table carried earlier', () => {
    for (const [index, { table, name }] of transferTables.entries()) {
      for (const foreignKey of getTableConfig(table).foreignKeys) {
        const parent = getTableConfig(foreignKey.reference().foreignTable).name;
        expect(transferTable(parent)?.index, `${name} → ${parent}`).toBeLessThan(index);
      }
    }
  });

  it('knows how to carry every column of every table it carries', () => {
    for (const table of transferTables) expect(() => rowSchema(table), table.name).not.toThrow();
  });
});

const orgId = randomUUID();
const organization = { id: orgId, name: 'Acme', incident_counter: 2, created_at: '2026-11-25T10:00:00.123456+00:00' };
const user = {
  id: randomUUID(),
  org_id: orgId,
  email: 'ada@example.com',
  name: 'Ada',
  password_hash: null,
  role: 'admin',
  created_at: '2026-11-25T10:00:00+00:00',
  updated_at: '2026-11-25T10:00:00+00:00',
};
const auditEntry = {
  id: 7,
  org_id: orgId,
  actor_type: 'system',
  actor_id: null,
  action: 'x',
  target_type: 'y',
  target_id: null,
  ip: null,
  request_id: null,
  details: { nested: [1, 'two', null] },
  created_at: '2026-11-25T10:00:00Z',
};

/** The lines of an export of these rows, as `vigil export` writes them. */
function exportLines(rows: Array<[string, object]>): string[] {
  const writer = new ExportWriter();
  const text = [
    writer.header({ vigil_export: 1, version: '0.1.0', organization: { id: orgId, name: 'Acme' }, exported_at: '2026-11-25T12:00:00.000Z' }),
    ...rows.map(([table, row]) => writer.row(table, JSON.stringify(row))),
    writer.trailer(),
  ].join('');
  return text.split('\n').filter((line) => line !== '');
}

const good = (): string[] =>
  exportLines([
    ['organizations', organization],
    ['users', user],
    ['audit_log', auditEntry],
  ]);

function read(lines: string[]) {
  const reader = new ImportReader();
  const rows = lines.map((line) => reader.accept(line)).filter((line) => line.kind === 'row');
  reader.finish();
  return { rows, counts: reader.rowCounts };
}

describe('reading an export back', () => {
  it('gives back every row as written, timestamps to the microsecond and jsonb as it was', () => {
    const { rows, counts } = read(good());
    expect(counts).toEqual({ organizations: 1, users: 1, audit_log: 1 });
    expect(rows.map((line) => line.kind === 'row' && line.row)).toEqual([organization, user, auditEntry]);
  });

  it('refuses a file without its trailer, naming the last line', () => {
    expect(() => read(good().slice(0, -1))).toThrow('The file ends at line 4 without its trailer: it is truncated');
  });

  it('refuses a line changed after export, even one that is still a valid row', () => {
    const lines = good();
    lines[2] = lines[2]!.replace('"Ada"', '"Eve"');
    expect(() => read(lines)).toThrow('the file was changed after export');
  });

  it('refuses a trailer whose counts disagree with the rows', () => {
    const lines = good();
    lines.splice(3, 1);
    expect(() => read(lines)).toThrow('counts 1 audit_log rows; the file holds 0');
  });

  it.each([
    ['a line that is not JSON', (lines: string[]) => (lines[2] = '{"table":"users","row":{'), 'Line 3 is not JSON'],
    ['a column of the wrong type', (lines: string[]) => (lines[2] = lines[2]!.replace('"role":"admin"', '"role":"boss"')), 'Line 3: not a valid users row (role:'],
    ['a column this Vigil does not have', (lines: string[]) => (lines[2] = lines[2]!.replace('"name":"Ada"', '"name":"Ada","shoe_size":9')), 'Line 3: not a valid users row'],
    ['a row of another organisation', (lines: string[]) => (lines[2] = lines[2]!.replace(`"org_id":"${orgId}"`, `"org_id":"${randomUUID()}"`)), 'Line 3: a users row of organisation'],
    ['a table it never writes', (lines: string[]) => (lines[2] = lines[2]!.replace('"table":"users"', '"table":"sessions"')), 'Line 3: "sessions" is not a table vigil export writes'],
    ['tables out of order', (lines: string[]) => ([lines[2], lines[3]] = [lines[3]!, lines[2]!]), 'Line 4: a users row after audit_log rows'],
    ['something after the trailer', (lines: string[]) => lines.push(lines[1]!), 'Line 6: the file goes on after its trailer'],
    ['no header', (lines: string[]) => lines.shift(), 'Line 1 is not the header of a vigil export'],
  ])('refuses %s, naming the line', (_what, spoil, message) => {
    const lines = good();
    spoil(lines);
    expect(() => read(lines)).toThrow(message);
  });

  it('takes a file of an older Vigil lacking a column that may be null or has a default', () => {
    const { password_hash: _unset, ...older } = user;
    const { incident_counter: _counter, ...olderOrganization } = organization;
    const { rows } = read(
      exportLines([
        ['organizations', olderOrganization],
        ['users', older],
      ]),
    );
    expect(rows.map((line) => line.kind === 'row' && line.row)).toEqual([{ ...organization, incident_counter: 0 }, user]);
  });
});

describe('rows in the target', () => {
  it('leaves scheduled notifications unqueued, so the engine queues them again (their jobs stayed behind)', () => {
    expect(rowForTarget('notifications', { status: 'scheduled', queued_at: '2026-11-25T10:00:00Z' }, new Map())).toMatchObject({ queued_at: null });
    expect(rowForTarget('notifications', { status: 'sent', queued_at: '2026-11-25T10:00:00Z' }, new Map())).toMatchObject({ queued_at: '2026-11-25T10:00:00Z' });
  });

  it('points webhook deliveries at the new ids of their domain events, and refuses one whose event was not carried', () => {
    expect(rowForTarget('webhook_deliveries', { outbox_id: 4 }, new Map([[4, 90]]))).toEqual({ outbox_id: 90 });
    expect(() => rowForTarget('webhook_deliveries', { outbox_id: 5 }, new Map())).toThrow('domain event 5');
  });
});
