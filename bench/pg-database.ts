// A fresh PostgreSQL database per bench run (vigil_bench_<random>), dropped afterwards even on failure.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './cleanup.ts';

/** The server to create bench databases on: BENCH_POSTGRES_URL, else the local trust cluster. */
const benchPostgresAdminUrl = process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop: () => Promise<void>;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: benchPostgresAdminUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server's version, or an error message if it cannot be reached. */
export async function postgresVersion(): Promise<{ ok: true; version: string } | { ok: false; error: string }> {
  try {
    const version = await withAdmin(async (client) => (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?');
    return { ok: true, version };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `vigil_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(benchPostgresAdminUrl);
  url.pathname = `/${name}`;
  const drop = onCleanup(`drop database ${name}`, () => withAdmin((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined));
  return { name, url: url.toString(), drop };
}
