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
      let failed = 0;
      for (let round = 0; round < 30; round += 1) {
        // The pool's one connection is idle; its server process goes away before the next write can notice,
        // so that write's `begin` (or its first statement) meets a dead connection.
        const found = await store.db.execute(sql`select pg_backend_pid() as pid`).catch(() => undefined);
        const pid = (found as unknown as { rows: Array<{ pid: number }> } | undefined)?.rows[0]?.pid;
        if (pid !== undefined) await admin.query('select pg_terminate_backend($1)', [pid]);
        await store.write((tx) => tx.execute(sql`select 1`)).catch(() => (failed += 1));
      }
      // The race is real: some writes met the dead connection.
      expect(failed).toBeGreaterThan(0);
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
