// The few API calls the bench makes: first-run setup, a service with an Events API v2 integration, and
// questions about the event log (is the fold caught up, what became of the events).
import { setTimeout as delay } from 'node:timers/promises';

export interface BenchTarget {
  url: string;
  token: string;
  serviceId: string;
  routingKey: string;
}

async function call<T>(url: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Sets up a new instance: organisation and admin, a service, an events_api_v2 integration. */
export async function setUpTarget(url: string): Promise<BenchTarget> {
  const { token } = await call<{ token: string }>(url, 'POST', '/api/v1/setup', undefined, {
    organization: 'Bench Inc',
    email: 'bench@example.com',
    password: 'correct horse battery staple',
  });
  return addIntegration(url, token);
}

/** A new service with an events_api_v2 integration, on an instance already set up. */
async function addIntegration(url: string, token: string): Promise<BenchTarget> {
  const service = await call<{ id: string }>(url, 'POST', '/api/v1/services', token, { name: 'Bench service' });
  const integration = await call<{ integration_key: string }>(url, 'POST', `/api/v1/services/${service.id}/integrations`, token, { type: 'events_api_v2' });
  return { url, token, serviceId: service.id, routingKey: integration.integration_key };
}

/**
 * Polls the event log until no event is pending fold, or `limitMs` passes. Returns the milliseconds it took,
 * or null if events were still pending at the limit.
 */
export async function waitForFold(target: BenchTarget, limitMs: number): Promise<number | null> {
  const started = performance.now();
  for (;;) {
    const { events } = await call<{ events: unknown[] }>(target.url, 'GET', '/api/v1/events?outcome=pending&limit=1', target.token);
    if (events.length === 0) return performance.now() - started;
    if (performance.now() - started > limitMs) return null;
    await delay(100);
  }
}

/** Events the service received, counted by what folding did with them ("pending" for not folded yet). */
export async function eventOutcomes(target: BenchTarget): Promise<Record<string, number>> {
  const { outcomes } = await call<{ outcomes: Record<string, number> }>(target.url, 'GET', `/api/v1/services/${target.serviceId}/event-stats`, target.token);
  return outcomes;
}
