import { setTimeout as delay } from 'node:timers/promises';

/** The response of a JSON call over a real socket. The body is whatever the server sent (a trust boundary). */
export interface JsonResponse<T> {
  status: number;
  body: T;
}

export interface IncidentSummary {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  alert_count: number;
}

interface AlertSummary {
  dedup_key: string;
  status: string;
  event_count: number;
}

interface TimelineEntry {
  type: string;
}

export interface IncidentDetail extends IncidentSummary {
  alerts: AlertSummary[];
  timeline: TimelineEntry[];
}

export async function call<T>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the failure message
  }
  return { status: response.status, body: body as T };
}

async function expectStatus<T>(status: number, response: Promise<JsonResponse<T>>, what: string): Promise<T> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, not ${status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface Tenant {
  token: string;
  serviceId: string;
  routingKey: string;
}

/** First-run setup of a fresh instance, then a service with an Events API v2 integration. */
export async function setUpTenant(baseUrl: string): Promise<Tenant> {
  const { token } = await expectStatus<{ token: string }>(
    201,
    call(baseUrl, 'POST', '/api/v1/setup', { body: { organization: 'E2E', email: 'e2e@example.com', password: 'correct horse battery staple' } }),
    'setup',
  );
  const service = await expectStatus<{ id: string }>(201, call(baseUrl, 'POST', '/api/v1/services', { token, body: { name: 'e2e' } }), 'create service');
  const integration = await expectStatus<{ integration_key: string }>(
    201,
    call(baseUrl, 'POST', `/api/v1/services/${service.id}/integrations`, { token, body: { type: 'events_api_v2' } }),
    'create integration',
  );
  return { token, serviceId: service.id, routingKey: integration.integration_key };
}

/** A trigger whose incident title names its dedup key, so a listing of incidents tells which keys made it. */
export function trigger(routingKey: string, dedupKey: string) {
  return { routing_key: routingKey, event_action: 'trigger', dedup_key: dedupKey, payload: { summary: titleOf(dedupKey), source: 'e2e', severity: 'critical' } };
}

export const titleOf = (dedupKey: string) => `e2e ${dedupKey}`;

export interface SendResult {
  /** Dedup keys whose request got a 202: each was promised to be durably stored. */
  accepted: string[];
  /** Other HTTP answers, by status. */
  statuses: Map<number, number>;
  /** Requests that got no answer (connection refused or reset). */
  failed: number;
  /** Why they got none, by error code (ECONNREFUSED, UND_ERR_SOCKET, …), with their dedup keys. */
  failures: Map<string, string[]>;
  /** Requests not sent because `stopWhen` said so. */
  notSent: number;
}

/**
 * Sends one event per item with `concurrency` requests in flight. `onAnswer` runs after each HTTP answer
 * (a test kills the server from it); once `stopWhen` returns true no new request starts.
 */
export async function sendConcurrently(
  items: Array<{ baseUrl: string; key: string; body: unknown }>,
  concurrency: number,
  hooks: { onAnswer?: (status: number, acceptedSoFar: number) => void; stopWhen?: () => boolean } = {},
): Promise<SendResult> {
  const result: SendResult = { accepted: [], statuses: new Map(), failed: 0, failures: new Map(), notSent: 0 };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (hooks.stopWhen?.()) {
        result.notSent += items.length - next;
        next = items.length;
        return;
      }
      const item = items[next]!;
      next += 1;
      try {
        const response = await fetch(`${item.baseUrl}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(item.body),
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        if (response.status === 202) result.accepted.push(item.key);
        else result.statuses.set(response.status, (result.statuses.get(response.status) ?? 0) + 1);
        hooks.onAnswer?.(response.status, result.accepted.length);
      } catch (error) {
        result.failed += 1;
        const code = errorCode(error);
        result.failures.set(code, [...(result.failures.get(code) ?? []), item.key]);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

function errorCode(error: unknown): string {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.name : String(error);
}

/** Polls the event log until no stored event waits to be folded. */
export async function waitForFold(baseUrl: string, token: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending: unknown[] = [];
  while (Date.now() < deadline) {
    const answer = await expectStatus<{ events: unknown[] }>(200, call(baseUrl, 'GET', '/api/v1/events?outcome=pending&limit=1', { token }), 'list pending events');
    pending = answer.events;
    if (pending.length === 0) return;
    await delay(100);
  }
  throw new Error(`events still pending after ${timeoutMs} ms, e.g. ${JSON.stringify(pending[0])}`);
}

/** Every incident of the organisation, following next_cursor. */
export async function allIncidents(baseUrl: string, token: string, query = ''): Promise<IncidentSummary[]> {
  const incidents: IncidentSummary[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/api/v1/incidents?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await expectStatus<{ incidents: IncidentSummary[]; next_cursor: string | null }>(200, call(baseUrl, 'GET', path, { token }), 'list incidents');
    incidents.push(...page.incidents);
    cursor = page.next_cursor;
  } while (cursor);
  return incidents;
}

export function incidentDetail(baseUrl: string, token: string, id: string): Promise<IncidentDetail> {
  return expectStatus<IncidentDetail>(200, call(baseUrl, 'GET', `/api/v1/incidents/${id}`, { token }), `incident ${id}`);
}

/** Every event of the organisation (newest first), following next_before_id. */
export async function allEvents(baseUrl: string, token: string): Promise<Array<{ dedup_key: string | null; folded_at: string | null; outcome: string | null }>> {
  type EventPage = { events: Array<{ dedup_key: string | null; folded_at: string | null; outcome: string | null }>; next_before_id: string | null };
  const events: EventPage['events'] = [];
  let before: string | null = null;
  do {
    const path: string = `/api/v1/events?limit=100${before ? `&before_id=${before}` : ''}`;
    const page: EventPage = await expectStatus<EventPage>(200, call(baseUrl, 'GET', path, { token }), 'list events');
    events.push(...page.events);
    before = page.next_before_id;
  } while (before);
  return events;
}

/** How many incidents carry each title. */
export function countByTitle(incidents: IncidentSummary[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const incident of incidents) counts.set(incident.title, (counts.get(incident.title) ?? 0) + 1);
  return counts;
}

/**
 * What became of a flood of triggers (one per key, incident titles naming the keys): acknowledged keys with
 * no incident, incidents that are duplicated or were never sent, and whether numbers run 1..n.
 */
export function durabilityReport(incidents: IncidentSummary[], acceptedKeys: string[], sentKeys: string[]) {
  const byTitle = countByTitle(incidents);
  const sentTitles = new Set(sentKeys.map(titleOf));
  const numbers = incidents.map((incident) => incident.number).sort((x, y) => x - y);
  const lost = acceptedKeys.filter((key) => !byTitle.has(titleOf(key)));
  return {
    lost: lost.length > 20 ? [...lost.slice(0, 20), `… ${lost.length} of ${acceptedKeys.length} acknowledged keys in all`] : lost,
    unexpected: [...byTitle].filter(([title, count]) => count !== 1 || !sentTitles.has(title)),
    numbering: numbers.every((number, index) => number === index + 1) ? 'contiguous from 1' : `gaps or duplicates among ${numbers.length}`,
  };
}
