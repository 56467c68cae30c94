import { afterAll, beforeAll, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const mapping = {
  summary: 'check.name & " is " & check.state',
  severity: 'check.level',
  dedup_key: '"uptime-" & check.id',
  action: 'check.state = "up" ? "resolve" : "trigger"',
  source: 'check.target',
  links: 'check.report',
};
const down = { check: { id: 17, name: 'Checkout', state: 'down', level: 'P2', target: 'https://shop.example.com', report: 'https://uptime.example.com/17' } };
const up = { check: { ...down.check, state: 'up' } };

describeEachStore('Generic JSON webhooks with a JSONata mapping', (kind) => {
  let t: TestVigil;
  let token: string;
  let serviceId: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
    serviceId = (await request(t, 'POST', '/api/v1/services', { token, body: { name: 'shop' } })).body.id;
  });
  afterAll(() => t.stop());

  const create = (settings: unknown) => request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'generic_webhook', settings } });
  const incidents = async () => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;

  it('refuses a mapping whose expression does not compile, naming the field, the JSONata error and its position', async () => {
    const response = await create({ mapping: { ...mapping, summary: 'check.(name' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ field: 'settings.mapping.summary', message: expect.stringMatching(/^JSONata error S0203 at position 11: Expected "\)"/) }]);
    expect(response.body.error.message).toMatch(/^settings\.mapping\.summary: JSONata error/);
    expect((await create({ mapping: { severity: '"info"' } })).body.error.details).toEqual([{ field: 'settings.mapping.summary', message: 'is required' }]);
    expect((await create({})).status).toBe(400);
  });

  it('opens an incident from a mapped body, and resolves it when the expression says resolve', async () => {
    const created = await create({ mapping });
    expect(created.status).toBe(201);
    expect(created.body.settings.mapping).toEqual(mapping);
    expect(created.body.setup_instructions).toContain('test-mapping');
    const key = created.body.integration_key;
    expect((await request(t, 'POST', `/integrations/${key}`, { body: down })).status).toBe(202);
    await t.settle();
    const [incident] = await incidents();
    expect(incident).toMatchObject({ title: 'Checkout is down', status: 'triggered', severity: 'error' });
    const detail = (await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token })).body;
    expect(detail.alerts[0]).toMatchObject({ dedup_key: 'uptime-17', source: 'https://shop.example.com' });

    expect((await request(t, 'POST', `/integrations/${key}`, { body: up })).status).toBe(202);
    await t.settle();
    expect((await incidents()).map((i: { status: string }) => i.status)).toEqual(['resolved']);
  });

  it('answers a body the mapping cannot handle with a 422 naming the field, storing nothing', async () => {
    const key = (await create({ mapping: { ...mapping, summary: 'check.name' } })).body.integration_key;
    const before = (await incidents()).length;
    const response = await request(t, 'POST', `/integrations/${key}`, { body: { check: { id: 1, state: 'sideways' } } });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toEqual([{ field: 'mapping.summary', message: 'evaluated to nothing for this body; the summary is required' }]);
    const loop = await request(t, 'PATCH', `/api/v1/integrations/${(await create({ mapping })).body.id}`, { token, body: { settings: { mapping: { summary: '($f := function(){ $f() }; $f())' } } } });
    expect(loop.status).toBe(200);
    const looping = await request(t, 'POST', `/integrations/${loop.body.integration_key}`, { body: down });
    expect(looping.status).toBe(422);
    expect(looping.body.error.details[0].message).toMatch(/JSONata error D1012/);
    await t.settle();
    expect(await incidents()).toHaveLength(before);
  });

  it('uses the new mapping as soon as it is saved', async () => {
    const integration = (await create({ mapping })).body;
    const changed = await request(t, 'PATCH', `/api/v1/integrations/${integration.id}`, { token, body: { settings: { mapping: { ...mapping, summary: '"Changed: " & check.name', dedup_key: '"changed"' } } } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const sent = await request(t, 'POST', `/integrations/${integration.integration_key}`, { body: down });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    await t.settle();
    expect((await incidents()).map((i: { title: string }) => i.title)).toContain('Changed: Checkout');
    const refused = await request(t, 'PATCH', `/api/v1/integrations/${integration.id}`, { token, body: { settings: { mapping: { summary: 'check.(name' } } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('settings.mapping.summary');
  });

  it('tries a mapping on a sample body through test-mapping without storing anything', async () => {
    const integration = (await create({ mapping })).body;
    const before = (await incidents()).length;
    const tried = await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { token, body: { body: down } });
    expect(tried.status).toBe(200);
    expect(tried.body).toEqual({
      valid: true,
      event: {
        event_action: 'trigger',
        dedup_key: 'uptime-17',
        payload: { summary: 'Checkout is down', source: 'https://shop.example.com', severity: 'error', custom_details: down },
        links: [{ href: 'https://uptime.example.com/17' }],
      },
      errors: [],
      warnings: [],
    });
    const failing = await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { token, body: { body: { check: { ...down.check, level: { p: 2 } } } } });
    expect(failing.body).toEqual({ valid: false, event: null, errors: [{ field: 'mapping.severity', message: 'evaluated to an object; a string was expected' }], warnings: [] });
    const unsaved = await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { token, body: { body: down, mapping: { summary: '"draft: " & check.name' } } });
    expect(unsaved.body.event.payload.summary).toBe('draft: Checkout');
    const broken = await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { token, body: { body: down, mapping: { summary: 'a b' } } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.details[0].field).toBe('mapping.summary');
    expect((await request(t, 'GET', `/api/v1/integrations/${integration.id}`, { token })).body.settings.mapping).toEqual(mapping);
    await t.settle();
    expect(await incidents()).toHaveLength(before);
  });

  it('keeps test-mapping to the organisation, to responders, and to generic webhook integrations', async () => {
    const integration = (await create({ mapping })).body;
    const stranger = await newOrganisation(t);
    expect((await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { token: stranger.token, body: { body: down } })).status).toBe(404);
    expect((await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { body: { body: down } })).status).toBe(401);
    const password = 'correct horse battery staple';
    const email = `observer-${kind}@generic.example`;
    expect((await request(t, 'POST', '/api/v1/users', { token, body: { email, name: 'Olga', role: 'observer', password } })).status).toBe(201);
    const cookie = String((await request(t, 'POST', '/api/v1/auth/login', { body: { email, password } })).headers['set-cookie']).split(';')[0]!;
    expect((await request(t, 'POST', `/api/v1/integrations/${integration.id}/test-mapping`, { headers: { cookie }, body: { body: down } })).status).toBe(403);
    const other = (await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'events_api_v2' } })).body;
    const wrongType = await request(t, 'POST', `/api/v1/integrations/${other.id}/test-mapping`, { token, body: { body: down } });
    expect(wrongType.status).toBe(422);
  });
});
