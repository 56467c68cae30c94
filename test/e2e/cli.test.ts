import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createVigil } from '../../src/app/vigil.ts';
import pino from 'pino';
import { freshDataDir } from '../harness.ts';

const run = promisify(execFile);
const dataDir = freshDataDir();
const vigil = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['bin/vigil.js', ...args], { env: { ...process.env, VIGIL_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } });

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('`vigil migrate` applies migrations and says where', async () => {
  const { stdout } = await vigil(['migrate']);
  expect(stdout).toContain(`embedded store in ${dataDir}`);
});

it('`vigil setup` creates the organisation and prints an API token that the API accepts, once', async () => {
  const { stdout } = await vigil(['setup', '--email', 'ops@acme.example', '--organization', 'Acme', '--password', 'correct horse battery staple']);
  const token = /Admin API token \(shown once\): (vgl_\S+)/.exec(stdout)?.[1];
  expect(token).toBeDefined();
  const app = await createVigil({ config: loadConfig({ VIGIL_DATA_DIR: dataDir, PORT: '0' }), role: 'all', log: pino({ level: 'silent' }) });
  try {
    const me = await app.http.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().user).toMatchObject({ email: 'ops@acme.example', role: 'admin' });
  } finally {
    await app.stop();
  }
  const again = vigil(['setup', '--email', 'b@acme.example', '--organization', 'B', '--password', 'correct horse battery staple']);
  await expect(again).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/already set up/) });
});

it('refuses to start with an invalid configuration and names the variable', async () => {
  await expect(vigil(['start'], { PORT: 'eighty' })).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/PORT: .*"eighty"/) });
});

it('prints usage for an unknown command', async () => {
  await expect(vigil(['explode'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/Unknown command "explode"[\s\S]*vigil setup/) });
});
