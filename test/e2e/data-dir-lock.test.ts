import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { freshDataDir } from '../harness.ts';
import { call, setUpTenant } from './client.ts';
import { freePort, ProcessGroup } from './process.ts';

const processes = new ProcessGroup();
const dataDir = freshDataDir();

afterEach(() => processes.killAll());
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('a second `vigil start` on a data dir in use exits non-zero naming the directory and the process holding it; after kill -9 of the holder a new one takes the stale lock over', async () => {
  const env = { VIGIL_DATA_DIR: dataDir };
  const first = await processes.start('start', env);
  await setUpTenant(first.baseUrl);

  const second = processes.spawn('start', await freePort(), env);
  const refused = await second.waitExit(20_000);
  expect(refused.code, second.describe()).not.toBe(0);
  expect(refused.code, second.describe()).not.toBeNull();
  expect(second.describe()).toContain(`The data directory ${dataDir} is in use by Vigil process ${first.pid}`);
  expect(second.describe(), 'a message for people, not a stack trace').not.toMatch(/^\[stderr\]\s+at /m);
  // The refused process must not have disturbed the one holding the lock.
  expect(JSON.parse(readFileSync(join(dataDir, 'vigil.lock'), 'utf8'))).toMatchObject({ pid: first.pid });
  expect((await call(first.baseUrl, 'GET', '/readyz')).status).toBe(200);

  expect(await first.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
  expect(existsSync(join(dataDir, 'vigil.lock')), 'kill -9 leaves its lock file behind').toBe(true);

  const third = await processes.start('start', env);
  expect(JSON.parse(readFileSync(join(dataDir, 'vigil.lock'), 'utf8'))).toMatchObject({ pid: third.pid });
  // Same data: the instance set up by the first process is still set up.
  const setupAgain = await call(third.baseUrl, 'POST', '/api/v1/setup', { body: { organization: 'Other', email: 'other@example.com', password: 'correct horse battery staple' } });
  expect(setupAgain.status, JSON.stringify(setupAgain.body)).toBe(409);

  expect(await third.kill('SIGTERM'), third.describe()).toEqual({ code: 0, signal: null });
  expect(existsSync(join(dataDir, 'vigil.lock')), 'a clean shutdown releases the lock').toBe(false);
});
