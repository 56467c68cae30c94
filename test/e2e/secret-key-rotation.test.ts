import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { Webhooks } from '@octokit/webhooks';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { createVigil } from '../../src/app/vigil.ts';
import { loadConfig } from '../../src/config/config.ts';
import { webhookSubscriptions } from '../../src/integrations/webhooks/webhooks.tables.ts';
import { freshDataDir } from '../harness.ts';

const run = promisify(execFile);
const dataDir = freshDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const oldKey = randomBytes(32).toString('hex');
const newKey = randomBytes(32).toString('hex');
const webhookSecret = 'a-github-secret-0123456789';

async function withVigil<T>(env: Record<string, string>, body: (app: Awaited<ReturnType<typeof createVigil>>) => Promise<T>): Promise<T> {
  const app = await createVigil({ config: loadConfig({ VIGIL_DATA_DIR: dataDir, PORT: '0', VIGIL_ALLOW_SIGNUP: 'true', ...env }), role: 'api', log: pino({ level: 'silent' }) });
  try {
    return await body(app);
  } finally {
    await app.stop();
  }
}

/** GitHub's ping, signed with the webhook secret: 200 when Vigil can open the integration's secret. */
async function ping(app: Awaited<ReturnType<typeof createVigil>>, key: string) {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  return app.http.inject({
    method: 'POST',
    url: `/integrations/${key}`,
    headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'rotation-1', 'x-hub-signature-256': await new Webhooks({ secret: webhookSecret }).sign(body) },
    payload: body,
  });
}

it('rotates VIGIL_SECRET_KEY: the previous key keeps credentials usable, `vigil reseal-secrets` moves them to the new one', async () => {
  const key = await withVigil({ VIGIL_SECRET_KEY: oldKey }, async (app) => {
    const signup = await app.http.inject({ method: 'POST', url: '/api/v1/signup', payload: { organization: 'Rotate', email: 'r@example.com', password: 'correct horse battery staple' } });
    const token = signup.json().token as string;
    const auth = { authorization: `Bearer ${token}` };
    const service = await app.http.inject({ method: 'POST', url: '/api/v1/services', headers: auth, payload: { name: 'api' } });
    const integration = await app.http.inject({ method: 'POST', url: `/api/v1/services/${service.json().id}/integrations`, headers: auth, payload: { type: 'github', settings: { webhook_secret: webhookSecret } } });
    expect(integration.statusCode).toBe(201);
    const integrationKey = integration.json().integration_key as string;
    const webhook = await app.http.inject({ method: 'POST', url: '/api/v1/webhooks', headers: auth, payload: { url: 'http://127.0.0.1:9/hook', event_types: ['*'], allow_private_network: true } });
    expect(webhook.statusCode).toBe(201);
    expect((await ping(app, integrationKey)).statusCode).toBe(200);
    return integrationKey;
  });

  // The new key alone cannot open the old seal: a 503 that names the key, never a 500.
  await withVigil({ VIGIL_SECRET_KEY: newKey }, async (app) => {
    const refused = await ping(app, key);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.message).toContain('VIGIL_SECRET_KEY');
  });
  // With the previous key beside it, everything still works.
  await withVigil({ VIGIL_SECRET_KEY: newKey, VIGIL_SECRET_KEY_PREVIOUS: oldKey }, async (app) => expect((await ping(app, key)).statusCode).toBe(200));

  const cli = (env: Record<string, string>) => run(process.execPath, ['bin/vigil.js', 'reseal-secrets'], { env: { ...process.env, VIGIL_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } });
  expect((await cli({ VIGIL_SECRET_KEY: newKey, VIGIL_SECRET_KEY_PREVIOUS: oldKey })).stdout).toContain('2 of 2 stored credentials re-sealed');
  expect((await cli({ VIGIL_SECRET_KEY: newKey })).stdout).toContain('0 of 2 stored credentials re-sealed');

  // Re-sealed: the new key alone suffices; the old one alone no longer opens anything.
  await withVigil({ VIGIL_SECRET_KEY: newKey }, async (app) => expect((await ping(app, key)).statusCode).toBe(200));
  await withVigil({ VIGIL_SECRET_KEY: oldKey }, async (app) => expect((await ping(app, key)).statusCode).toBe(503));
  // The webhook's signing secret too: it opens with the new key alone.
  await withVigil({ VIGIL_SECRET_KEY: newKey }, async (app) => {
    const [subscription] = await app.deps.store.db.select().from(webhookSubscriptions);
    expect(app.deps.secrets.open(subscription!.sealedSecret, subscription!.id)).toMatch(/^whsec_/);
  });
}, 60_000);
