import { rmSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { describe } from 'vitest';
import { createVigil, type Role } from '../src/app/vigil.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Clock } from '../src/ports/clock.ts';
import { freshDatabase, freshDataDir, postgresUrl } from './databases.ts';

export type StoreKind = 'pglite' | 'postgres';

export { freshDatabase, freshDataDir, postgresUrl };

/**
 * Runs `body` once per store: on PGlite always, on PostgreSQL when TEST_DATABASE_URL is set (CI sets it;
 * on a laptop without it the PostgreSQL variant is reported as skipped, with the reason in its name).
 */
export function describeEachStore(name: string, body: (kind: StoreKind) => void): void {
  describe(`${name} [pglite]`, () => body('pglite'));
  if (postgresUrl) describe(`${name} [postgres]`, () => body('postgres'));
  else describe.skip(`${name} [postgres] (skipped: TEST_DATABASE_URL is unset)`, () => body('postgres'));
}

/** The Redis of scaled-mode tests (CI sets TEST_REDIS_URL). */
export const redisUrl = process.env['TEST_REDIS_URL'];

/**
 * A suite that needs PostgreSQL and Redis (scaled mode): run when both TEST_DATABASE_URL and TEST_REDIS_URL
 * are set, else reported as skipped with the reason in its name. The body gets the Redis URL.
 */
export function describeScaled(name: string, body: (redis: string) => void): void {
  if (postgresUrl && redisUrl) describe(name, () => body(redisUrl));
  else describe.skip(`${name} (skipped: TEST_DATABASE_URL or TEST_REDIS_URL is unset)`, () => body(''));
}

/** Environment naming a fresh store of `kind` for a `vigil` child process, and how to remove it after. */
export async function freshStoreEnv(kind: StoreKind): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> | void }> {
  if (kind === 'pglite') {
    const dir = freshDataDir();
    return { env: { VIGIL_DATA_DIR: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await freshDatabase();
  return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
}

export interface TestVigilOptions {
  env?: Record<string, string>;
  clock?: Clock;
  role?: Role;
  /** Reuse a data dir or database (restart tests). */
  dataDir?: string;
  databaseUrl?: string;
  /** The app's logger (default: silent); a test reading log lines passes one writing to a stream of its own. */
  log?: Logger;
}

/** The VIGIL_SECRET_KEY of test processes on PostgreSQL. */
export const TEST_SECRET_KEY = '0f'.repeat(32);

/** Boots the real app on a real store; requests go through `inject` (no socket) unless a test listens. */
export async function startVigil(kind: StoreKind, options: TestVigilOptions = {}) {
  const cleanups: Array<() => Promise<void> | void> = [];
  // Tests sign up and sign in far more often than a person: the credential limiter has its own test (access.test.ts).
  const env: Record<string, string> = { PORT: '0', LOG_LEVEL: 'silent', VIGIL_FOLD_POLL_MS: '50', VIGIL_ALLOW_SIGNUP: 'true', VIGIL_CREDENTIAL_ATTEMPTS: '100000', ...options.env };
  if (kind === 'pglite') {
    const dir = options.dataDir ?? freshDataDir();
    if (!options.dataDir) cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    env['VIGIL_DATA_DIR'] = dir;
  } else {
    let url = options.databaseUrl;
    if (!url) {
      const database = await freshDatabase();
      url = database.url;
      cleanups.push(database.drop);
    }
    env['DATABASE_URL'] = url;
    env['DATABASE_POOL_SIZE'] ??= '5';
    // Scaled mode keeps integration credentials only with a key; every test process shares this one.
    env['VIGIL_SECRET_KEY'] ??= TEST_SECRET_KEY;
  }
  const config = loadConfig(env);
  const vigil = await createVigil({ config, role: options.role ?? 'all', log: options.log ?? pino({ level: 'silent' }), clock: options.clock });
  return {
    vigil,
    config,
    http: vigil.http,
    /** Folds everything stored so far (instead of sleeping until the background fold runs). */
    settle: () => vigil.folder.settle(),
    async stop() {
      await vigil.stop();
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

export type TestVigil = Awaited<ReturnType<typeof startVigil>>;
