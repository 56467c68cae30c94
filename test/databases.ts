// Fresh stores for tests, without the app: adapter tests use these directly, test/harness.ts re-exports them.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { templateDataDir } from './template-dir.ts';

export const postgresUrl = process.env['TEST_DATABASE_URL'];

/** A fresh, migrated PGlite data dir (copied from the template). */
export function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  cpSync(templateDataDir(), dir, { recursive: true });
  return dir;
}

/** A fresh PostgreSQL database on the test server; returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is unset');
  const name = `vigil_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
