import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPgliteStore } from '../src/adapters/pglite/pglite.store.ts';
import { templateDataDir } from './template-dir.ts';
import { ensureWebBuiltApart } from '../bin/build.js';

/** Migrates one PGlite template dir per migration history; test files copy it instead of creating their own. */
export default async function globalSetup(): Promise<void> {
  // The app serves web/dist; the browser tests and the static-asset tests need it current. Built the way
  // `vigil start` builds it, in a child process (a fresh clone exercises that path here).
  try {
    ensureWebBuiltApart();
  } catch (error) {
    // A half-edited web/ on a developer's machine: keep testing against the last good build, loudly. A fresh
    // clone (CI) has no build to fall back on, so there the failure stands.
    if (!existsSync('web/dist/index.html')) throw error;
    console.warn(`\n[vigil tests] the web dashboard did not build; the browser tests use the previous build in web/dist:\n${String(error).slice(0, 2000)}\n`);
  }
  const dir = templateDataDir();
  if (!existsSync(dir)) {
    // Built aside and renamed into place, so two test runs starting together never see half a template.
    mkdirSync(dirname(dir), { recursive: true });
    const building = `${dir}.building-${process.pid}`;
    const store = await openPgliteStore(building);
    await store.close();
    try {
      renameSync(building, dir);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another run finished first
    }
  }
  if (!process.env['TEST_DATABASE_URL']) {
    console.warn('\n[vigil tests] TEST_DATABASE_URL is unset: every PostgreSQL variant of the store tests is skipped. CI sets it.\n');
  }
}
