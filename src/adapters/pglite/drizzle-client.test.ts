import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { bigint, date, integer, interval, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForDrizzle } from './drizzle-client.ts';

const samples = pgTable('samples', {
  id: integer('id').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  local: timestamp('local'),
  day: date('day'),
  every: interval('every'),
  amount: numeric('amount'),
  big: bigint('big', { mode: 'number' }),
  label: text('label'),
  details: jsonb('details'),
});

const DDL = `create table samples (id int primary key, at timestamptz not null, local timestamp, day date, every interval, amount numeric, big bigint, label text, details jsonb);
  insert into samples values (1, '2026-03-29 01:30:00+00', '2026-03-29 02:30:00', '2026-02-28', '1 day 02:03:04', 12.50, 9007199254740991, 'ünïcödé', '{"a": [1, {"b": null}]}')`;

// Every type family drizzle's PGlite driver treats specially, as a raw row and as arrays of each.
const RAW = sql`select at, local, day, every, amount, big, label, details,
  array[at, at + interval '1 hour'] as ats, array[local] as locals, array[day] as days, array[every] as everies,
  array[amount, 0.1] as amounts, array[big] as bigs, array[label] as labels, (at - interval '1 day')::date as yesterday
  from samples`;

// The same client twice: drizzle on the client as PGlite gives it, and on the client made for drizzle.
describe('the PGlite client made for drizzle', () => {
  let plainClient: PGlite;
  let tunedClient: PGlite;
  beforeAll(async () => {
    [plainClient, tunedClient] = await Promise.all([PGlite.create(), PGlite.create()]);
    await Promise.all([plainClient.exec(DDL), tunedClient.exec(DDL)]);
  });
  afterAll(async () => {
    await Promise.all([plainClient.close(), tunedClient.close()]);
  });

  const both = () => ({ plain: drizzle({ client: plainClient }), tuned: drizzle({ client: clientForDrizzle(tunedClient) }) });

  it('reads every special type exactly as drizzle does without it: raw rows', async () => {
    const { plain, tuned } = both();
    const [expected, actual] = await Promise.all([plain.execute(RAW), tuned.execute(RAW)]);
    expect(actual.rows).toEqual(expected.rows);
    expect(typeof actual.rows[0]?.['at']).toBe('string');
  });

  it('reads every special type exactly as drizzle does without it: typed selects, inside a transaction too', async () => {
    const { plain, tuned } = both();
    const expected = await plain.select().from(samples);
    expect(await tuned.select().from(samples)).toEqual(expected);
    expect(await tuned.transaction((tx) => tx.select().from(samples))).toEqual(expected);
    expect(expected[0]?.at).toEqual(new Date('2026-03-29T01:30:00Z'));
  });

  it('leaves a query with parsers of its own alone', async () => {
    const tuned = clientForDrizzle(tunedClient);
    const result = await tuned.query<{ day: unknown; at: unknown }>('select day, at from samples', [], { parsers: { 1082: (value: string) => `day ${value}` } });
    expect(result.rows[0]?.day).toBe('day 2026-02-28');
  });

  it('rolls a failed transaction back', async () => {
    const { tuned } = both();
    await expect(
      tuned.transaction(async (tx) => {
        await tx.execute(sql`update samples set label = 'changed'`);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect((await tuned.select({ label: samples.label }).from(samples))[0]?.label).toBe('ünïcödé');
  });

  const preparedTexts = async () => (await tunedClient.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((row) => row.statement);

  it('runs a statement sent again and again as a prepared statement, with the same results and awkward text intact', async () => {
    const { plain, tuned } = both();
    const awkward = ["it's", "''", 'back\\slash \\', "'); drop table samples; --", '$$ ü 🔥'];
    const pick = (label: string, n: number, flag: boolean) => sql`select ${label}::text as label, ${n}::int + 1 as next, ${flag}::bool as flag, ${null}::text as nothing, id from samples where id = ${1}`;
    for (const label of awkward) {
      for (let round = 0; round < 4; round += 1) {
        const [expected, actual] = await Promise.all([plain.execute(pick(label, round, round % 2 === 0)), tuned.execute(pick(label, round, round % 2 === 0))]);
        expect(actual.rows).toEqual(expected.rows);
        expect(actual.rows[0]?.['label']).toBe(label);
      }
    }
    for (let round = 0; round < 4; round += 1) {
      expect(await tuned.select().from(samples)).toEqual(await plain.select().from(samples));
      expect((await tuned.execute(RAW)).rows).toEqual((await plain.execute(RAW)).rows);
    }
    const texts = await preparedTexts();
    expect(texts.some((text) => text.includes('::text as label'))).toBe(true);
    expect(texts.some((text) => text.includes('array[at, at +'))).toBe(true);
  });

  it('prepares statements that reach their third sending at the same moment, each under a name of its own', async () => {
    const client = await PGlite.create();
    try {
      const tuned = drizzle({ client: clientForDrizzle(client) });
      const texts = [sql`select ${'a'}::text as first_of_three`, sql`select ${'b'}::text as second_of_three`, sql`select ${'c'}::text as third_of_three`];
      for (let round = 0; round < 3; round += 1) await Promise.all(texts.map((text) => tuned.execute(text)));
      const prepared = (await client.query<{ statement: string }>('select statement from pg_prepared_statements')).rows.map((row) => row.statement);
      for (const alias of ['first_of_three', 'second_of_three', 'third_of_three']) expect(prepared.some((text) => text.includes(alias))).toBe(true);
      expect((await Promise.all(texts.map((text) => tuned.execute(text)))).map((result) => Object.values(result.rows[0] ?? {})[0])).toEqual(['a', 'b', 'c']);
    } finally {
      await client.close();
    }
  });

  it('sends a statement PostgreSQL cannot prepare the normal way, and a refusal inside a transaction does not abort it', async () => {
    const { tuned } = both();
    const before = (await preparedTexts()).length;
    await tuned.transaction(async (tx) => {
      for (let round = 0; round < 4; round += 1) await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(sql`update samples set label = ${'kept'} where id = ${1}`);
    });
    expect((await tuned.select({ label: samples.label }).from(samples))[0]?.label).toBe('kept');
    expect((await preparedTexts()).some((text) => text.includes('statement_timeout'))).toBe(false);
    expect((await preparedTexts()).length).toBeGreaterThanOrEqual(before);
    await tuned.execute(sql`update samples set label = ${'ünïcödé'} where id = ${1}`);
  });

  it('sends a query whose parameters are neither text, numbers, booleans nor null the normal way', async () => {
    const { plain, tuned } = both();
    const same = sql`select ${new Date('2026-03-29T01:30:00Z')}::timestamptz = at as same from samples`;
    for (let round = 0; round < 4; round += 1) expect((await tuned.execute(same)).rows).toEqual([{ same: true }]);
    expect((await plain.execute(same)).rows).toEqual([{ same: true }]);
    expect((await preparedTexts()).some((text) => text.includes('= at as same'))).toBe(false);
  });
});
