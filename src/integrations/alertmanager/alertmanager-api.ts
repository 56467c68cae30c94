/** The part of Alertmanager's API v2 Vigil calls: create a silence, expire it. */

export interface AlertmanagerEndpoint {
  /** Base URL, no trailing slash, no credentials in it. */
  url: string;
  token?: string;
  username?: string;
  password?: string;
}

export interface NewSilence {
  /** Equal matchers, one per label. */
  labels: Record<string, string>;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  comment: string;
}

const TIMEOUT_MS = 10_000;

/** Labels in name order, so requests are the same whatever order the store gave them back in. */
const byName = (labels: Record<string, string>) => Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function headers(endpoint: AlertmanagerEndpoint, json: boolean): Record<string, string> {
  const result: Record<string, string> = { accept: 'application/json', 'user-agent': 'Vigil' };
  if (json) result['content-type'] = 'application/json';
  if (endpoint.token) result['authorization'] = `Bearer ${endpoint.token}`;
  else if (endpoint.username !== undefined && endpoint.password !== undefined) {
    result['authorization'] = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}`;
  }
  return result;
}

/** Says what went wrong without the credentials (they are only ever in headers) or a whole response body. */
async function failure(method: string, path: string, response: Response): Promise<Error> {
  const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 300);
  return new Error(`Alertmanager answered ${response.status} to ${method} ${path}${text ? `: ${text}` : ''}`);
}

async function call(endpoint: AlertmanagerEndpoint, method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`${endpoint.url}${path}`, {
      method,
      headers: headers(endpoint, body !== undefined),
      ...(body !== undefined && { body: JSON.stringify(body) }),
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new Error(`Alertmanager at ${endpoint.url} could not be reached for ${method} ${path.split('?')[0]}: ${reason}`);
  }
}

/** Creates a silence and returns its id. */
export async function createSilence(endpoint: AlertmanagerEndpoint, silence: NewSilence): Promise<string> {
  const path = '/api/v2/silences';
  const response = await call(endpoint, 'POST', path, {
    matchers: byName(silence.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    startsAt: silence.startsAt.toISOString(),
    endsAt: silence.endsAt.toISOString(),
    createdBy: silence.createdBy,
    comment: silence.comment,
  });
  if (!response.ok) throw await failure('POST', path, response);
  const answer = (await response.json().catch(() => undefined)) as { silenceID?: unknown } | undefined;
  if (typeof answer?.silenceID !== 'string' || answer.silenceID === '') throw new Error(`Alertmanager answered POST ${path} without a silenceID`);
  return answer.silenceID;
}

/**
 * Expires a silence. One that Alertmanager no longer knows (garbage-collected) or that has already expired
 * (by its end time, or by hand) counts as done.
 */
export async function expireSilence(endpoint: AlertmanagerEndpoint, silenceId: string): Promise<'expired' | 'already gone'> {
  const path = `/api/v2/silence/${encodeURIComponent(silenceId)}`;
  const response = await call(endpoint, 'DELETE', path);
  if (response.ok) {
    await response.body?.cancel();
    return 'expired';
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return 'already gone';
  }
  const error = await failure('DELETE', path, response);
  // Alertmanager (0.25) answers an unknown id with 500 "silence not found"; some releases say "already expired".
  if (/silence not found|already expired/i.test(error.message)) return 'already gone';
  throw error;
}

/**
 * Whether Alertmanager still holds an unresolved alert with exactly these labels (silenced, inhibited or not).
 * Its API leaves resolved alerts out, so false means the alert resolved (or Alertmanager forgot it).
 */
export async function isAlertActive(endpoint: AlertmanagerEndpoint, labels: Record<string, string>): Promise<boolean> {
  const query = new URLSearchParams({ silenced: 'true', inhibited: 'true', active: 'true', unprocessed: 'true' });
  for (const [name, value] of byName(labels)) query.append('filter', `${name}=${JSON.stringify(value)}`);
  const path = '/api/v2/alerts';
  const response = await call(endpoint, 'GET', `${path}?${query.toString()}`);
  if (!response.ok) throw await failure('GET', path, response);
  const found = (await response.json().catch(() => undefined)) as Array<{ labels?: Record<string, unknown> }> | undefined;
  if (!Array.isArray(found)) throw new Error(`Alertmanager answered GET ${path} without a list of alerts`);
  const size = Object.keys(labels).length;
  return found.some((alert) => alert.labels !== undefined && Object.keys(alert.labels).length === size && Object.entries(labels).every(([name, value]) => alert.labels![name] === value));
}
