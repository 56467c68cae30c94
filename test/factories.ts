import type { TestVigil } from './harness.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${(counter += 1)}`;

interface Response {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper: assertions inspect it
  headers: Record<string, unknown>;
}

/** A JSON request through the real HTTP stack (fastify inject). */
export async function request(t: TestVigil, method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string | Buffer } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let payload: string | Buffer | undefined = options.rawBody;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await t.http.inject({ method: method as 'GET', url, headers, ...(payload !== undefined && { payload }) });
  let body: unknown = response.body;
  try {
    body = response.json();
  } catch {
    // not JSON: keep the text
  }
  return { status: response.statusCode, body, headers: response.headers };
}

/** Signs up a new organisation with its admin and returns the admin's API token. */
export async function newOrganisation(t: TestVigil, name = unique('org')) {
  const email = `${unique('admin')}@example.com`;
  const response = await request(t, 'POST', '/api/v1/signup', { body: { organization: name, email, password: 'correct horse battery staple' } });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { token: response.body.token as string, orgId: response.body.organization_id as string, email };
}

/** A service with an Events API v2 integration; returns its ids and routing key. */
export async function newIntegration(t: TestVigil, token: string, type = 'events_api_v2') {
  const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: unique('service') } });
  if (service.status !== 201) throw new Error(`create service answered ${service.status}: ${JSON.stringify(service.body)}`);
  const integration = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type } });
  if (integration.status !== 201) throw new Error(`create integration answered ${integration.status}: ${JSON.stringify(integration.body)}`);
  return { serviceId: service.body.id as string, integrationId: integration.body.id as string, routingKey: integration.body.integration_key as string };
}

export function triggerEvent(routingKey: string, dedupKey?: string, overrides: Record<string, unknown> = {}) {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    ...(dedupKey !== undefined && { dedup_key: dedupKey }),
    payload: { summary: `disk full on ${dedupKey ?? 'host'}`, source: 'db-1', severity: 'critical' },
    ...overrides,
  };
}

export const enqueue = (t: TestVigil, body: unknown) => request(t, 'POST', '/v2/enqueue', { body });
