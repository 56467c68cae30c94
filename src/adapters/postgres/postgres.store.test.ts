import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase, postgresUrl } from '../../../test/databases.ts';
import { openPostgresStore } from './postgres.store.ts';

describe.skipIf(!postgresUrl)('PostgreSQL store', () => {
  it('releases its connection when the database drops it under a transaction, so closing never hangs', async () => {
    const database = await freshDatabase();
    const store = await openPostgresStore({ url: database.url, poolSize: 1, migrate: false });
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      const pidOf = (result: unknown) => (result as { rows: Array<{ pid: number }> }).rows[0]?.pid;
      // Certainly: the connection dies in the middle of a transaction, so its next statement and its rollback fail.
      const dropped = store.write(async (tx) => {
        await admin.query('select pg_terminate_backend($1)', [pidOf(await tx.execute(sql`select pg_backend_pid() as pid`))]);
        await tx.execute(sql`select 1`);
      });
      await expect(dropped).rejects.toThrow();
      for (let round = 0; round < 30; round += 1) {
        // By chance: the pool's one connection is idle and its server process goes away, and the next write's
        // `begin` may meet the dead connection before the pool notices (whether it does is up to timing).
        const found = await store.db.execute(sql`select pg_backend_pid() as pid`).catch(() => undefined);
        const pid = found === undefined ? undefined : pidOf(found);
        if (pid !== undefined) await admin.query('select pg_terminate_backend($1)', [pid]);
        await store.write((tx) => tx.execute(sql`select 1`)).catch(() => undefined);
      }
      // Writes work again (the last termination may still cost one), and close returns: no connection was kept checked out.
      const writeOnce = () => store.write((tx) => tx.execute(sql`select 1`)).then(() => true, () => false);
      expect((await writeOnce()) || (await writeOnce())).toBe(true);
      await expect(Promise.race([store.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('hung'), 5000))])).resolves.toBe('closed');
    } finally {
      await admin.end();
      await database.drop();
    }
  });
});
