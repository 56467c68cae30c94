import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

describeEachStore('integration settings and credentials', (kind) => {
  let t: TestVigil;
  let token: string;
  let serviceId: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    token = (await newOrganisation(t)).token;
    serviceId = (await request(t, 'POST', '/api/v1/services', { token, body: { name: 'Checkout' } })).body.id;
  });
  afterAll(() => t?.stop());

  const sealedColumn = async (id: string) => {
    const result = (await t.vigil.deps.store.db.execute(sql`select settings, sealed_secrets from integrations where id = ${id}`)) as unknown as { rows: Array<{ settings: Record<string, unknown>; sealed_secrets: string | null }> };
    return result.rows[0]!;
  };

  it('shows a generated secret once, never returns it again, and stores it sealed', async () => {
    const created = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'github' } });
    expect(created.status).toBe(201);
    const secret = created.body.generated_secrets.webhook_secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(created.body.secrets_set).toEqual(['webhook_secret']);
    expect(JSON.stringify(created.body.settings)).not.toContain(secret);

    const fetched = await request(t, 'GET', `/api/v1/integrations/${created.body.id}`, { token });
    expect(fetched.body).not.toHaveProperty('generated_secrets');
    expect(JSON.stringify(fetched.body)).not.toContain(secret);
    const row = await sealedColumn(created.body.id);
    expect(row.sealed_secrets).toMatch(/^v1\./);
    expect(row.sealed_secrets).not.toContain(secret);
    expect(JSON.stringify(row.settings)).not.toContain(secret);

    const audit = await request(t, 'GET', '/api/v1/audit', { token });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('integration.create');
    expect(JSON.stringify(audit.body)).not.toContain(secret);
  });

  it('keeps a secret through a settings change that does not repeat it, and replaces it when given', async () => {
    const created = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'github', settings: { webhook_secret: 'my-own-secret-of-16+chars' } } });
    expect(created.body.generated_secrets).toEqual({});
    const before = (await sealedColumn(created.body.id)).sealed_secrets;

    const patched = await request(t, 'PATCH', `/api/v1/integrations/${created.body.id}`, { token, body: { settings: { branches: ['main', 'release/*'] } } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ branches: ['main', 'release/*'] });
    expect(patched.body.secrets_set).toEqual(['webhook_secret']);
    const after = (await sealedColumn(created.body.id)).sealed_secrets;
    expect(after).not.toBeNull();
    expect(after).not.toBe(before); // sealed again, with a fresh nonce

    const replaced = await request(t, 'PATCH', `/api/v1/integrations/${created.body.id}`, { token, body: { settings: { webhook_secret: 'another-secret-0123456789' } } });
    expect(replaced.status).toBe(200);
    expect(JSON.stringify(replaced.body)).not.toContain('another-secret');
  });

  it('refuses settings the type does not take, naming the field', async () => {
    const bad = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'github', settings: { webhook_secret: 'short' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('settings.webhook_secret');
    const unknown = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'github', settings: { colour: 'red' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^settings/);
    const none = await request(t, 'GET', `/api/v1/services/${serviceId}/integrations`, { token });
    expect(none.body.integrations.every((i: { settings: Record<string, unknown> }) => !('colour' in i.settings))).toBe(true);
  });

  it('answers 404 at POST /integrations/{key} for an unknown key and 422 for a type that takes its events elsewhere', async () => {
    expect((await request(t, 'POST', '/integrations/nosuchkeynosuchkeynosuchkey12345', { body: {} })).status).toBe(404);
    const pagerduty = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'events_api_v2' } });
    const wrong = await request(t, 'POST', `/integrations/${pagerduty.body.integration_key}`, { body: { summary: 'x' } });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/events_api_v2/);
  });
});

it('in scaled mode without VIGIL_SECRET_KEY refuses to store a credential, saying why', async () => {
  if (!process.env['TEST_DATABASE_URL']) return; // needs PostgreSQL: CI sets TEST_DATABASE_URL
  const t = await startVigil('postgres', { env: { VIGIL_SECRET_KEY: '' } });
  try {
    const { token } = await newOrganisation(t);
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'Keyless' } });
    const refused = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'github' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/VIGIL_SECRET_KEY/);
    const plain = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'events_api_v2' } });
    expect(plain.status).toBe(201);
  } finally {
    await t.stop();
  }
});
