import { existsSync, rmSync } from 'node:fs';
import { openPgliteStore } from '../src/adapters/pglite/pglite.store.ts';
import { templateDataDir } from './template-dir.ts';

export default async function globalSetup(): Promise<void> {
  const dir = templateDataDir();
  if (existsSync(`${dir}/ready`)) return;
  rmSync(dir, { recursive: true, force: true });
  const store = await openPgliteStore(dir);
  await store.close();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${dir}/ready`, new Date().toISOString());
  if (!process.env['TEST_DATABASE_URL']) {
    console.warn('\n[vigil tests] TEST_DATABASE_URL is unset: every PostgreSQL variant of the store tests is skipped. CI sets it.\n');
  }
}
