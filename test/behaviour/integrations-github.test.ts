import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { Webhooks } from '@octokit/webhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are edited freely
type Payload = Record<string, any>;

// The package is JSON (its `main`), typed as a default export that ESM resolution does not see.
const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as WebhookDefinition[];

/** A real push to the default branch (master) of Codertocat/Hello-World, from @octokit/webhooks-examples. */
function pushExample(pushedAt: Date): Payload {
  const found = examples.find((definition) => definition.name === 'push')!.examples.find((payload) => (payload as Payload)['ref'] === 'refs/heads/master');
  const payload = structuredClone(found) as Payload;
  payload['repository'].pushed_at = Math.floor(pushedAt.getTime() / 1000);
  return payload;
}

const pingExample = () => structuredClone(examples.find((definition) => definition.name === 'ping')!.examples[0]) as Payload;

describeEachStore('GitHub webhooks become change events, shown next to incidents', (kind) => {
  const time = movableClock();
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind, { clock: time.clock });
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  /** A service with a GitHub integration; its webhook secret is the one Vigil generated and showed once. */
  async function githubIntegration(settings?: Record<string, unknown>, owner = token) {
    const service = await request(t, 'POST', '/api/v1/services', { token: owner, body: { name: `repo-${randomUUID()}` } });
    const created = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token: owner, body: { type: 'github', ...(settings && { settings }) } });
    expect(created.status).toBe(201);
    const secret = (settings?.['webhook_secret'] as string | undefined) ?? created.body.generated_secrets.webhook_secret;
    return { serviceId: service.body.id as string, integrationId: created.body.id as string, key: created.body.integration_key as string, secret, created: created.body };
  }

  /** Sends a webhook as GitHub does: signed with @octokit/webhooks' own signer over the exact body. */
  async function deliver(key: string, secret: string | undefined, event: string, payload: unknown, options: { delivery?: string; form?: boolean; signature?: string } = {}) {
    const json = JSON.stringify(payload);
    const rawBody = options.form ? `payload=${encodeURIComponent(json)}` : json;
    const headers: Record<string, string> = {
      'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-github-event': event,
      'x-github-delivery': options.delivery ?? randomUUID(),
      'user-agent': 'GitHub-Hookshot/044aadd',
    };
    const signature = options.signature ?? (secret && (await new Webhooks({ secret }).sign(rawBody)));
    if (signature) headers['x-hub-signature-256'] = signature;
    return request(t, 'POST', `/integrations/${key}`, { headers, rawBody });
  }

  const serviceChanges = async (serviceId: string) => (await request(t, 'GET', `/api/v1/services/${serviceId}/changes`, { token })).body.changes;

  it('creates the integration with a generated webhook secret shown once, never returned after', async () => {
    const { integrationId, secret, created } = await githubIntegration();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(created).toMatchObject({ type: 'github', secrets_set: ['webhook_secret'], settings: {} });
    expect(created.url).toBe(`${t.vigil.deps.publicUrl()}/integrations/${created.integration_key}`);
    expect(created.setup_instructions).toContain(created.url);
    expect(created.setup_instructions).toMatch(/application\/json.*Pushes, Pull requests, Deployment statuses, Releases and Workflow runs/s);
    const again = await request(t, 'GET', `/api/v1/integrations/${integrationId}`, { token });
    expect(JSON.stringify(again.body)).not.toContain(secret);
    expect(again.body.secrets_set).toEqual(['webhook_secret']);
  });

  it('refuses settings it cannot use, naming the field', async () => {
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: `repo-${randomUUID()}` } });
    const create = (settings: unknown) => request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'github', settings } });
    const short = await create({ webhook_secret: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([expect.objectContaining({ field: 'settings.webhook_secret' })]);
    const empty = await create({ branches: [] });
    expect(empty.body.error.details).toEqual([expect.objectContaining({ field: 'settings.branches' })]);
    const spaced = await create({ branches: ['main', 'bad name'] });
    expect(spaced.body.error.details).toEqual([expect.objectContaining({ field: 'settings.branches.1' })]);
    const unknown = await create({ branch: 'main' });
    expect(unknown.status).toBe(400);
  });

  it("answers GitHub's signed ping with pong", async () => {
    const { key, secret } = await githubIntegration();
    const response = await deliver(key, secret, 'ping', pingExample());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'success', message: 'pong', events: 0 });
  });

  it('records a signed push to the default branch as a change with its structured details', async () => {
    const { serviceId, integrationId, key, secret } = await githubIntegration();
    const pushedAt = time.clock.now();
    const response = await deliver(key, secret, 'push', pushExample(pushedAt));
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ status: 'success', message: 'Event processed', events: 1 });
    await t.settle();
    const [change, ...others] = await serviceChanges(serviceId);
    expect(others).toEqual([]);
    expect(change).toMatchObject({
      service_id: serviceId,
      integration_id: integrationId,
      summary: 'Codertocat pushed 1 commit to master of Codertocat/Hello-World',
      source: 'Codertocat/Hello-World',
      timestamp: new Date(Math.floor(pushedAt.getTime() / 1000) * 1000).toISOString(),
      links: [{ href: 'https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246', text: 'Commit 6113728' }],
      custom_details: { provider: 'github', kind: 'push', repository: 'Codertocat/Hello-World', branch: 'master', author: 'Codertocat', commits: 1, files_changed: 1, additions: null, deletions: null },
    });
  });

  it('takes form-encoded deliveries (payload=…) signed over the form body', async () => {
    const { serviceId, key, secret } = await githubIntegration();
    const response = await deliver(key, secret, 'push', pushExample(time.clock.now()), { form: true });
    expect(response.status).toBe(202);
    await t.settle();
    expect(await serviceChanges(serviceId)).toHaveLength(1);
  });

  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const { serviceId, key, secret } = await githubIntegration();
    const payload = pushExample(time.clock.now());
    const unsigned = await deliver(key, undefined, 'push', payload);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toMatchObject({ code: 'unauthorized', details: [{ field: 'X-Hub-Signature-256', message: 'is required' }] });
    const otherSecret = await new Webhooks({ secret: 'another-secret-of-some-length' }).sign(JSON.stringify(payload));
    for (const signature of [otherSecret, 'sha256=00', 'sha1=abc', 'nonsense', `${await new Webhooks({ secret }).sign('{}')}`]) {
      const response = await deliver(key, secret, 'push', payload, { signature });
      expect(response.status, signature).toBe(401);
      expect(response.body.error.details).toEqual([{ field: 'X-Hub-Signature-256', message: 'does not match' }]);
    }
    await t.settle();
    expect(await serviceChanges(serviceId)).toEqual([]);
  });

  it('records a redelivered delivery id once, whether it arrives before or after the first is folded', async () => {
    const { serviceId, key, secret } = await githubIntegration();
    const payload = pushExample(time.clock.now());
    const delivery = randomUUID();
    // Together, before the first is folded: both are stored; the fold records one change.
    const both = await Promise.all([deliver(key, secret, 'push', payload, { delivery }), deliver(key, secret, 'push', payload, { delivery })]);
    expect(both.map((response) => response.body.events)).toEqual([1, 1]);
    await t.settle();
    // After: answered at once, nothing stored.
    const again = await deliver(key, secret, 'push', payload, { delivery });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ status: 'success', message: `Duplicate delivery ${delivery}: its change is already recorded`, events: 0 });
    await t.settle();
    const changes = await serviceChanges(serviceId);
    expect(changes).toHaveLength(1);
    expect(changes[0].custom_details.delivery_id).toBe(delivery);
    const stats = await request(t, 'GET', `/api/v1/services/${serviceId}/event-stats`, { token });
    expect(stats.body.outcomes).toEqual({ change_recorded: 1, change_duplicate: 1 });
    // A new delivery of the same event is another change (GitHub gives each delivery its own id).
    expect((await deliver(key, secret, 'push', payload)).status).toBe(202);
    await t.settle();
    expect(await serviceChanges(serviceId)).toHaveLength(2);
  });

  it('answers events it does not record with 202 and no event, so GitHub sees no failure', async () => {
    const { serviceId, key, secret } = await githubIntegration();
    const issues = await deliver(key, secret, 'issues', { action: 'opened', repository: { full_name: 'a/b' } });
    expect(issues.status).toBe(202);
    expect(issues.body).toMatchObject({ events: 0, message: expect.stringContaining('"issues" events are not recorded') });
    const feature = { ...pushExample(time.clock.now()), ref: 'refs/heads/feature/x' };
    const push = await deliver(key, secret, 'push', feature);
    expect(push.body).toMatchObject({ status: 'success', events: 0, message: expect.stringMatching(/^Ignored: push to feature\/x .* only the default branch master counts$/) });
    await t.settle();
    expect(await serviceChanges(serviceId)).toEqual([]);
  });

  it('counts the configured branches instead of the default branch', async () => {
    const { serviceId, key, secret } = await githubIntegration({ webhook_secret: 'a-secret-set-by-the-user-1234', branches: ['release/*'] });
    expect((await deliver(key, secret, 'push', pushExample(time.clock.now()))).body.events).toBe(0);
    expect((await deliver(key, secret, 'push', { ...pushExample(time.clock.now()), ref: 'refs/heads/release/2.1' })).body.events).toBe(1);
    await t.settle();
    expect((await serviceChanges(serviceId)).map((change: { summary: string }) => change.summary)).toEqual(['Codertocat pushed 1 commit to release/2.1 of Codertocat/Hello-World']);
  });

  it('refuses a signed payload that lacks what a change needs with a 400 naming the field', async () => {
    const { key, secret } = await githubIntegration();
    const payload = pushExample(time.clock.now());
    delete payload['repository'];
    const response = await deliver(key, secret, 'push', payload);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([expect.objectContaining({ field: 'body.repository' })]);
    const noEvent = await request(t, 'POST', `/integrations/${key}`, { rawBody: '{}', headers: { 'content-type': 'application/json', 'x-hub-signature-256': await new Webhooks({ secret }).sign('{}') } });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error.details).toEqual([expect.objectContaining({ field: 'X-GitHub-Event' })]);
  });

  it("lists a push as a recent change of an incident opened on the same service soon after — within the window only", async () => {
    // An organisation of its own, so the changes of the other tests stay out of the organisation-wide list.
    const { token } = await newOrganisation(t);
    const { serviceId, key, secret } = await githubIntegration(undefined, token);
    const elsewhere = await githubIntegration(undefined, token);
    const serviceChanges = async (id: string) => (await request(t, 'GET', `/api/v1/services/${id}/changes`, { token })).body.changes;
    expect((await deliver(key, secret, 'push', pushExample(time.clock.now()))).status).toBe(202);
    expect((await deliver(elsewhere.key, elsewhere.secret, 'push', pushExample(time.clock.now()))).status).toBe(202);
    await t.settle();
    time.advance(10 * 60_000);
    const incident = await request(t, 'POST', '/api/v1/incidents', { token, body: { service_id: serviceId, title: 'Checkout is failing' } });
    expect(incident.status).toBe(201);
    time.advance(60_000);
    // A change after the incident opened is no suspect.
    expect((await deliver(key, secret, 'push', pushExample(time.clock.now()))).status).toBe(202);
    await t.settle();

    const recent = await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes`, { token });
    expect(recent.status).toBe(200);
    expect(recent.body).toMatchObject({ incident_id: incident.body.id, scope: 'service', window: { minutes: 60, end: incident.body.created_at } });
    expect(recent.body.changes).toHaveLength(1);
    expect(recent.body.changes[0]).toMatchObject({ service_id: serviceId, summary: 'Codertocat pushed 1 commit to master of Codertocat/Hello-World', custom_details: { kind: 'push', commit_range: { after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' } } });

    const narrow = await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes?window_minutes=5`, { token });
    expect(narrow.body.changes).toEqual([]);
    const organisation = await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes?scope=organization`, { token });
    expect(organisation.body.changes.map((change: { service_id: string }) => change.service_id).sort()).toEqual([serviceId, elsewhere.serviceId].sort());
    const paged = await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes?scope=organization&limit=1`, { token });
    expect(paged.body.changes).toHaveLength(1);
    const rest = await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes?scope=organization&limit=1&cursor=${paged.body.next_cursor}`, { token });
    expect(rest.body).toMatchObject({ changes: [expect.anything()], next_cursor: null });
    expect(rest.body.changes[0].id).not.toBe(paged.body.changes[0].id);

    for (const query of ['window_minutes=0', 'window_minutes=1441', 'window_minutes=abc', 'scope=world']) {
      const bad = await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes?${query}`, { token });
      expect(bad.status, query).toBe(400);
    }
    // The service shows both of its changes, newest first.
    const all = await serviceChanges(serviceId);
    expect(all).toHaveLength(2);
    expect(new Date(all[0].timestamp).getTime()).toBeGreaterThan(new Date(all[1].timestamp).getTime());
  });

  it("answers 404 for another organisation's incident or service", async () => {
    const { serviceId } = await githubIntegration();
    const incident = await request(t, 'POST', '/api/v1/incidents', { token, body: { service_id: serviceId, title: 'Ours' } });
    const other = await newOrganisation(t);
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.body.id}/changes`, { token: other.token })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/services/${serviceId}/changes`, { token: other.token })).status).toBe(404);
    expect((await request(t, 'GET', `/api/v1/incidents/${randomUUID()}/changes`, { token })).status).toBe(404);
  });
});
