import { rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDataDir } from '../../../test/databases.ts';
import type { Store } from '../../ports/store.ts';
import { openPgliteStore } from './pglite.store.ts';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = freshDataDir();
  store = await openPgliteStore(dir);
  await store.db.execute(sql`create table lone_statements (id int primary key, label text not null)`);
}, 30_000);
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async () =>
  ((await store.db.execute(sql`select id, label, xmin::text as tx from lone_statements order by id`)) as unknown as { rows: Array<{ id: number; label: string; tx: string }> }).rows;

it('commits lone statements sent together in few transactions, and only a failing one fails', async () => {
  await store.writeStatement(sql`insert into lone_statements values (0, 'first')`);
  // Twenty at once, one of them breaking the primary key.
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, index) => store.writeStatement(sql`insert into lone_statements values (${index === 7 ? 0 : index + 1}, ${`together ${index}`})`)),
  );
  expect(outcomes.map((outcome) => outcome.status)).toEqual(Array.from({ length: 20 }, (_, index) => (index === 7 ? 'rejected' : 'fulfilled')));
  const failure = (outcomes[7] as PromiseRejectedResult).reason as Error;
  expect(String(failure.cause)).toMatch(/duplicate key value violates unique constraint "lone_statements_pkey"/);
  const stored = await rows();
  expect(stored.map((row) => row.id)).toEqual([0, ...Array.from({ length: 20 }, (_, index) => index + 1).filter((id) => id !== 8)]);
  expect(stored[0]!.label).toBe('first');

  // Without a failure, statements sent together share a transaction (rows written by one carry its id).
  await Promise.all(Array.from({ length: 20 }, (_, index) => store.writeStatement(sql`insert into lone_statements values (${100 + index}, 'shared')`)));
  const shared = (await rows()).filter((row) => row.label === 'shared');
  expect(shared).toHaveLength(20);
  expect(new Set(shared.map((row) => row.tx)).size).toBeLessThan(5);
});
