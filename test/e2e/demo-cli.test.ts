import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { createVigil } from '../../src/app/vigil.ts';
import { loadConfig } from '../../src/config/config.ts';
import { freshDataDir } from '../harness.ts';

const run = promisify(execFile);
const dataDir = freshDataDir();
const vigil = (args: string[]) => run(process.execPath, ['bin/vigil.js', ...args], { env: { ...process.env, VIGIL_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
const password = 'correct horse battery staple';
const openApp = () => createVigil({ config: loadConfig({ VIGIL_DATA_DIR: dataDir, PORT: '0', VIGIL_ALLOW_SIGNUP: 'true' }), role: 'api', log: pino({ level: 'silent' }) });

async function call(app: Awaited<ReturnType<typeof openApp>>, method: 'GET' | 'POST', url: string, options: { token?: string; body?: unknown } = {}) {
  const response = await app.http.inject({ method, url, headers: options.token ? { authorization: `Bearer ${options.token}` } : {}, ...(options.body !== undefined && { payload: options.body as object }) });
  return { status: response.statusCode, body: response.json() };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let token = '';

it('`vigil demo` on a fresh instance creates "Acme Corp (demo)" with its admin, fills it, and says how to sign in', async () => {
  const { stdout } = await vigil(['demo', '--password', password]);
  expect(stdout).toMatch(/Organisation "Acme Corp \(demo\)" created and filled with demo data: 6 services, 8 people, 3 schedules, 3 escalation policies, \d+ incidents\./);
  expect(stdout).toContain('sign in at http://127.0.0.1:8080 as demo@vigil.local');
  expect(stdout, 'a password given is not printed').not.toContain(password);
  token = /Admin API token \(shown once\): (vgl_\S+)/.exec(stdout)![1]!;

  const app = await openApp();
  try {
    const login = await call(app, 'POST', '/api/v1/auth/login', { body: { email: 'demo@vigil.local', password } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: 'admin' });
    const services = await call(app, 'GET', '/api/v1/services', { token });
    expect(services.body.services).toHaveLength(6);
    const incidents = await call(app, 'GET', '/api/v1/incidents?limit=100', { token });
    expect(incidents.body.incidents.length).toBeGreaterThanOrEqual(60);
    expect(incidents.body.incidents.map((incident: { status: string }) => incident.status)).toEqual(expect.arrayContaining(['triggered', 'acknowledged', 'resolved']));

    // The running app holds the embedded store: the command refuses with the lock's message, not a stack trace.
    const refused = await vigil(['demo']).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining(`The data directory ${dataDir} is in use by Vigil process ${process.pid}`) });
    expect((refused as { stderr: string }).stderr).not.toMatch(/^\s+at /m);
  } finally {
    await app.stop();
  }
}, 240_000);

it('refuses a set-up instance without --organization-id, and an organisation that has services', async () => {
  await expect(vigil(['demo'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/set up already[\s\S]*--organization-id <uuid>[\s\S]*POST \/api\/v1\/demo/) });
  const app = await openApp();
  const me = await call(app, 'GET', '/api/v1/me', { token });
  await app.stop();
  await expect(vigil(['demo', '--organization-id', me.body.user.organization_id])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/has services already/) });
  await expect(vigil(['demo', '--organization-id', 'acme'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/--organization-id must be the id/) });
  await expect(vigil(['demo', '--organization-id', '00000000-0000-4000-8000-000000000000'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/no organisation 00000000/) });
  await expect(vigil(['demo', '--seed', 'many'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/--seed must be a whole number/) });
}, 240_000);

it('`vigil demo --organization-id` fills another organisation that has no services yet, in its admin’s name', async () => {
  const app = await openApp();
  const signup = await call(app, 'POST', '/api/v1/signup', { body: { organization: 'Globex', email: 'ops@globex.example.com', password } });
  await app.stop();
  expect(signup.status).toBe(201);
  const { stdout } = await vigil(['demo', '--organization-id', signup.body.organization_id, '--seed', '9']);
  expect(stdout).toContain(`Demo data added to organisation ${signup.body.organization_id}: 6 services, 8 people`);

  const again = await openApp();
  try {
    const audit = await call(again, 'GET', '/api/v1/audit?limit=1', { token: signup.body.token });
    expect(audit.body.entries[0]).toMatchObject({ action: 'demo.seeded', actor_id: signup.body.user_id });
    const users = await call(again, 'GET', '/api/v1/users', { token: signup.body.token });
    expect(users.body.users).toHaveLength(9);
  } finally {
    await again.stop();
  }
}, 240_000);

