import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { createVigil } from '../../src/app/vigil.ts';
import pino from 'pino';
import { enqueue, newIntegration, newOrganisation, triggerEvent } from '../factories.ts';
import { freshDataDir, startVigil } from '../harness.ts';

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

it('`vigil watch` prints incidents as they trigger, and refuses a bad key with the reason', async () => {
  const t = await startVigil('pglite');
  const child: { process?: ReturnType<typeof spawn> } = {};
  try {
    const base = `http://127.0.0.1:${await t.vigil.listen()}`;
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    child.process = spawn(process.execPath, ['bin/vigil.js', 'watch', '--url', base, '--types', 'incident.*'], { env: { ...process.env, VIGIL_TOKEN: org.token } });
    let out = '';
    let err = '';
    child.process.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.process.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await expect.poll(() => err, { timeout: 20_000 }).toContain('(live)');
    await enqueue(t, triggerEvent(routingKey, 'watched'));
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/incident\.triggered\s+#1 \[triggered\] disk full on watched/);

    await expect(vigil(['watch', '--url', base, '--token', 'vgl_wrong'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/refused: 401/) });
  } finally {
    child.process?.kill('SIGKILL');
    await t.stop();
  }
}, 60_000);
