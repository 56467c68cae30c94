import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

/** What the cases need from the instance under test. */
interface Fixture {
  routingKey: string;
  changeKey: string;
  /** The key of an `alertmanager` integration: native payloads at POST /integrations/{key}. */
  nativeKey: string;
  serviceId: string;
  incidentId: string;
}

interface Req {
  method: string;
  url: string;
  body?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** /api/v1 requests carry the admin's API key unless this is set. */
  anonymous?: boolean;
}

interface Refusal {
  name: string;
  send: (f: Fixture) => Req;
  status: number;
  /** The message (on /v2 routes: the `errors`, joined) must say this. */
  says: RegExp;
  /** /api/v1 only: the stable error code, when it is not the usual one for the status. */
  code?: string;
  /** /api/v1 only: a `details` entry must name this field. */
  field?: string;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const codeByStatus: Record<number, string> = { 400: 'validation_failed', 401: 'unauthorized', 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable' };

const contentType = (type = 'application/json') => ({ 'content-type': type });
const trigger = (f: Fixture, overrides: Record<string, unknown> = {}) => triggerEvent(f.routingKey, undefined, overrides);
const triggerWithPayload = (f: Fixture, payload: Record<string, unknown>) => trigger(f, { payload: { summary: 'disk full', source: 'db-1', severity: 'critical', ...payload } });
const withoutPayloadField = (f: Fixture, field: string) => {
  const payload: Record<string, unknown> = { summary: 'disk full', source: 'db-1', severity: 'critical' };
  delete payload[field];
  return trigger(f, { payload });
};
const enqueueRaw = (rawBody: string | Buffer, type = 'application/json'): Req => ({ method: 'POST', url: '/v2/enqueue', rawBody, headers: contentType(type) });
const enqueueJson = (body: unknown): Req => ({ method: 'POST', url: '/v2/enqueue', body });
const change = (f: Fixture, overrides: Record<string, unknown> = {}): Req => ({
  method: 'POST',
  url: '/v2/change/enqueue',
  body: { routing_key: f.changeKey, payload: { summary: 'Deployed v42', source: 'ci' }, ...overrides },
});
const native = (f: Fixture, rawBody: string | Buffer, type = 'application/json'): Req => ({ method: 'POST', url: `/integrations/${f.nativeKey}`, rawBody, headers: contentType(type) });
const alertmanagerBody = (alerts: unknown) => JSON.stringify({ version: '4', status: 'firing', receiver: 'vigil', groupKey: '{}:{}', alerts });
const listIncidents = (query: string): Req => ({ method: 'GET', url: `/api/v1/incidents?${query}` });
const cursorAt = (at: string) => Buffer.from(JSON.stringify([at, UNKNOWN_ID])).toString('base64url');
/** The JSON text of a valid trigger with `insert` spliced in as the body's first field. */
const triggerTextWith = (f: Fixture, insert: string) => JSON.stringify(trigger(f)).replace('{', `{${insert},`);
/** The JSON text of a valid trigger whose summary is written as `escaped` (JSON string contents). */
const triggerTextWithSummary = (f: Fixture, escaped: string) => JSON.stringify(triggerWithPayload(f, { summary: 'SUMMARY' })).replace('"SUMMARY"', `"${escaped}"`);
/** The bytes of a valid trigger whose summary is the given raw bytes. */
const triggerBytesWithSummary = (f: Fixture, summary: Buffer) => {
  const [before, after] = triggerTextWithSummary(f, 'BYTES').split('BYTES') as [string, string];
  return Buffer.concat([Buffer.from(before), summary, Buffer.from(after)]);
};

const refusals: Refusal[] = [
  // Events API v2: types, required fields per event_action, field rules
  { name: 'a routing key that is a number', send: (f) => enqueueJson(trigger(f, { routing_key: 1234 })), status: 400, says: /^routing_key: must be a string, not a number$/ },
  { name: 'an empty routing key', send: (f) => enqueueJson(trigger(f, { routing_key: '' })), status: 400, says: /^routing_key: must not be empty$/ },
  { name: 'no event_action', send: (f) => enqueueJson({ routing_key: f.routingKey, payload: { summary: 's', source: 's', severity: 'info' } }), status: 400, says: /^event_action: must be one of "trigger", "acknowledge", "resolve"$/ },
  { name: 'an event_action PagerDuty does not know', send: (f) => enqueueJson(trigger(f, { event_action: 'escalate' })), status: 400, says: /^event_action: must be one of/ },
  { name: 'a trigger without payload', send: (f) => enqueueJson({ routing_key: f.routingKey, event_action: 'trigger' }), status: 400, says: /^payload: is required when event_action is trigger$/ },
  { name: 'a trigger without payload.summary', send: (f) => enqueueJson(withoutPayloadField(f, 'summary')), status: 400, says: /^payload\.summary: is required$/ },
  { name: 'a trigger without payload.source', send: (f) => enqueueJson(withoutPayloadField(f, 'source')), status: 400, says: /^payload\.source: is required$/ },
  { name: 'a trigger without payload.severity', send: (f) => enqueueJson(withoutPayloadField(f, 'severity')), status: 400, says: /^payload\.severity: must be one of "critical", "error", "warning", "info"$/ },
  { name: 'a severity PagerDuty does not know', send: (f) => enqueueJson(triggerWithPayload(f, { severity: 'fatal' })), status: 400, says: /^payload\.severity: must be one of/ },
  { name: 'a severity in capitals', send: (f) => enqueueJson(triggerWithPayload(f, { severity: 'CRITICAL' })), status: 400, says: /^payload\.severity: must be one of/ },
  { name: 'a summary of 1025 characters', send: (f) => enqueueJson(triggerWithPayload(f, { summary: 'x'.repeat(1025) })), status: 400, says: /^payload\.summary: must be at most 1024 characters long$/ },
  { name: 'an empty summary', send: (f) => enqueueJson(triggerWithPayload(f, { summary: '' })), status: 400, says: /^payload\.summary: must not be empty$/ },
  { name: 'a summary that is an object', send: (f) => enqueueJson(triggerWithPayload(f, { summary: { text: 'disk' } })), status: 400, says: /^payload\.summary: must be a string, not an object$/ },
  { name: 'an acknowledge without dedup_key', send: (f) => enqueueJson({ routing_key: f.routingKey, event_action: 'acknowledge' }), status: 400, says: /^dedup_key: is required when event_action is acknowledge$/ },
  { name: 'a resolve without dedup_key', send: (f) => enqueueJson({ routing_key: f.routingKey, event_action: 'resolve' }), status: 400, says: /^dedup_key: is required when event_action is resolve$/ },
  { name: 'a dedup_key of 256 characters', send: (f) => enqueueJson(trigger(f, { dedup_key: 'k'.repeat(256) })), status: 400, says: /^dedup_key: must be at most 255 characters long$/ },
  { name: 'a dedup_key that is a number', send: (f) => enqueueJson(trigger(f, { dedup_key: 42 })), status: 400, says: /^dedup_key: must be a string, not a number$/ },
  { name: 'a dedup_key that is null', send: (f) => enqueueJson(trigger(f, { dedup_key: null })), status: 400, says: /^dedup_key: must be a string, not null$/ },
  { name: 'a timestamp that is not a date', send: (f) => enqueueJson(triggerWithPayload(f, { timestamp: 'yesterday' })), status: 400, says: /^payload\.timestamp: must be an ISO 8601 date-time$/ },
  { name: 'a timestamp with month 13', send: (f) => enqueueJson(triggerWithPayload(f, { timestamp: '2026-13-45T10:00:00Z' })), status: 400, says: /^payload\.timestamp: must be an ISO 8601 date-time$/ },
  { name: 'a timestamp in year 0, which the store cannot hold', send: (f) => enqueueJson(triggerWithPayload(f, { timestamp: '0000-06-01T00:00:00Z' })), status: 400, says: /^payload\.timestamp: must be a date-time between the years 1 and 9999$/ },
  { name: 'a payload that is null', send: (f) => enqueueJson(trigger(f, { payload: null })), status: 400, says: /^payload: must be a record, not null$/ },
  { name: 'a payload that is an array', send: (f) => enqueueJson(trigger(f, { payload: [{ summary: 's' }] })), status: 400, says: /^payload: must be a record, not an array$/ },
  { name: 'a severity that is a number too large for a double', send: (f) => enqueueRaw(JSON.stringify(trigger(f)).replace('"critical"', '1e999')), status: 400, says: /^payload\.severity: must be one of/ },
  { name: 'links that are an object', send: (f) => enqueueJson(trigger(f, { links: { href: 'https://example.com' } })), status: 400, says: /^links: must be an array, not an object$/ },
  { name: 'an image without src', send: (f) => enqueueJson(trigger(f, { images: [{ href: 'https://example.com' }] })), status: 400, says: /^images\.0\.src: is required$/ },
  { name: 'an unknown top-level field', send: (f) => enqueueJson(trigger(f, { severity: 'critical' })), status: 400, says: /^body: has unknown field "severity"$/ },
  { name: 'an unknown payload field', send: (f) => enqueueJson(triggerWithPayload(f, { colour: 'red' })), status: 400, says: /^payload: has unknown field "colour"$/ },
  { name: 'a routing key no integration has', send: () => enqueueJson(triggerEvent('0123456789abcdef0123456789abcdef', 'x')), status: 400, says: /^routing_key: no integration has this routing key$/ },
  { name: 'the routing key of a change-events integration', send: (f) => enqueueJson(triggerEvent(f.changeKey, 'x')), status: 400, says: /^routing_key: belongs to a change_events integration/ },

  // Events API v2: the body itself
  { name: 'a body that is an array', send: (f) => enqueueJson([trigger(f)]), status: 400, says: /^body: must be an object, not an array$/ },
  { name: 'a body that is JSON null', send: () => enqueueRaw('null'), status: 400, says: /^body: must be an object, not null$/ },
  { name: 'a body that is a JSON string', send: () => enqueueRaw('"trigger"'), status: 400, says: /^body: must be an object, not a string$/ },
  { name: 'an empty body', send: () => enqueueRaw(''), status: 400, says: /^body: must be an object/ },
  { name: 'JSON cut short', send: (f) => enqueueRaw(JSON.stringify(trigger(f)).slice(0, 40)), status: 400, says: /^The request body is not valid JSON/ },
  { name: 'JSON with a trailing comma', send: (f) => enqueueRaw(JSON.stringify(trigger(f)).replace(/}$/, ',}')), status: 400, says: /^The request body is not valid JSON/ },
  { name: 'a 600 KB body', send: (f) => enqueueJson(triggerWithPayload(f, { custom_details: { log: 'x'.repeat(600 * 1024) } })), status: 413, says: /larger than the 512 KB this endpoint accepts/ },
  {
    name: 'custom_details nested 1000 levels deep',
    send: (f) => enqueueRaw(JSON.stringify(triggerWithPayload(f, { custom_details: 'DEEP' })).replace('"DEEP"', '['.repeat(1000) + ']'.repeat(1000))),
    status: 400,
    says: /^The JSON is nested \d+ levels deep; at most 32 are accepted\.$/,
  },
  { name: 'a __proto__ key', send: (f) => enqueueRaw(triggerTextWith(f, '"__proto__":{"isAdmin":true}')), status: 400, says: /"__proto__" or "constructor\.prototype" key/ },
  { name: 'a constructor.prototype key', send: (f) => enqueueRaw(triggerTextWith(f, '"constructor":{"prototype":{"isAdmin":true}}')), status: 400, says: /"__proto__" or "constructor\.prototype" key/ },
  {
    name: 'a __proto__ key deep in custom_details',
    send: (f) => enqueueRaw(JSON.stringify(triggerWithPayload(f, { custom_details: 'X' })).replace('"X"', '{"a":{"__proto__":{"polluted":1}}}')),
    status: 400,
    says: /"__proto__" or "constructor\.prototype" key/,
  },
  {
    name: 'bytes that are not UTF-8',
    send: (f) => enqueueRaw(triggerBytesWithSummary(f, Buffer.from([0x64, 0x69, 0x73, 0x6b, 0xc3, 0x28, 0xff]))),
    status: 400,
    says: /^The request body is not valid UTF-8\.$/,
  },
  { name: 'half a surrogate pair in the summary', send: (f) => enqueueRaw(triggerTextWithSummary(f, 'disk \\ud83d full')), status: 400, says: /^payload\.summary: contains an unpaired surrogate escape/ },
  { name: 'a NUL character in a custom_details key', send: (f) => enqueueJson(triggerWithPayload(f, { custom_details: { 'host\u0000': 'db-1' } })), status: 400, says: /^payload\.custom_details\.host.: contains a NUL character$/ },
  { name: 'a form-encoded body', send: () => enqueueRaw('routing_key=abc&event_action=trigger', 'application/x-www-form-urlencoded'), status: 415, says: /^Content-Type "application\/x-www-form-urlencoded" is not accepted; send application\/json\.$/ },
  { name: 'an XML body', send: () => enqueueRaw('<event action="trigger"/>', 'application/xml'), status: 415, says: /^Content-Type "application\/xml" is not accepted/ },
  { name: 'JSON sent as text/plain', send: () => enqueueRaw('{"event_action":"trigger"}', 'text/plain'), status: 415, says: /^Content-Type "text\/plain" is not accepted; send application\/json\.$/ },

  // Change events
  { name: 'a change event without payload', send: (f) => ({ method: 'POST', url: '/v2/change/enqueue', body: { routing_key: f.changeKey } }), status: 400, says: /^payload: is required$/ },
  { name: 'a change event without summary', send: (f) => change(f, { payload: { source: 'ci' } }), status: 400, says: /^payload\.summary: is required$/ },
  { name: 'a change event with an event_action', send: (f) => change(f, { event_action: 'trigger' }), status: 400, says: /^body: has unknown field "event_action"$/ },
  { name: 'a change event with a bad timestamp', send: (f) => change(f, { payload: { summary: 'Deployed', timestamp: 'noon' } }), status: 400, says: /^payload\.timestamp: must be an ISO 8601 date-time$/ },
  {
    name: 'a change event dated before year 1 once in UTC (it could never be folded)',
    send: (f) => change(f, { payload: { summary: 'Deployed', timestamp: '0001-01-01T00:00:00+14:00' } }),
    status: 400,
    says: /^payload\.timestamp: must be a date-time between the years 1 and 9999$/,
  },
  { name: 'a change event with a routing key no integration has', send: () => ({ method: 'POST', url: '/v2/change/enqueue', body: { routing_key: 'q'.repeat(32), payload: { summary: 'x' } } }), status: 400, says: /^routing_key: no integration has this routing key$/ },
  { name: 'a 600 KB change event', send: (f) => change(f, { payload: { summary: 'Deployed', custom_details: 'x'.repeat(600 * 1024) } }), status: 413, says: /larger than the 512 KB/ },

  // API: authentication
  { name: 'an API call without credentials', send: () => ({ method: 'GET', url: '/api/v1/incidents', anonymous: true }), status: 401, says: /Authenticate with "Authorization: Bearer <API key>"/ },
  { name: 'an API call with an unknown bearer token', send: () => ({ method: 'GET', url: '/api/v1/incidents', headers: { authorization: 'Bearer vgl_not-a-real-key' } }), status: 401, says: /not valid or has been revoked/ },
  { name: 'an API call with Basic credentials', send: () => ({ method: 'GET', url: '/api/v1/services', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), status: 401, says: /must be "Bearer <API key>"/ },
  { name: 'a bearer header without a token', send: () => ({ method: 'POST', url: '/api/v1/services', headers: { authorization: 'Bearer ' }, body: { name: 'x' } }), status: 401, says: /must be "Bearer <API key>"/ },

  // API: listing incidents with bad filters, cursors and limits
  { name: 'a status filter with an unknown status', send: () => listIncidents('status=triggered,open'), status: 400, says: /^status: "open" is not one of triggered, acknowledged, resolved$/, field: 'status' },
  { name: 'a severity filter with an unknown severity', send: () => listIncidents('severity=fatal'), status: 400, says: /^severity: "fatal" is not one of critical, error, warning, info$/, field: 'severity' },
  { name: 'a status given twice', send: () => listIncidents('status=triggered&status=resolved'), status: 400, says: /^status: must be a string, not an array$/, field: 'status' },
  { name: 'a service_id filter that is not a uuid', send: () => listIncidents('service_id=checkout'), status: 400, says: /^service_id\.0: must be a comma-separated list of ids$/, field: 'service_id.0' },
  { name: 'limit 0', send: () => listIncidents('limit=0'), status: 400, says: /^limit: .*>=1/, field: 'limit' },
  { name: 'limit 1000', send: () => listIncidents('limit=1000'), status: 400, says: /^limit: .*<=100/, field: 'limit' },
  { name: 'a limit that is a word', send: () => listIncidents('limit=ten'), status: 400, says: /^limit: must be a number$/, field: 'limit' },
  { name: 'a limit too large for a double', send: () => listIncidents('limit=1e400'), status: 400, says: /^limit: must be a finite number$/, field: 'limit' },
  { name: 'a limit with a fraction', send: () => listIncidents('limit=2.5'), status: 400, says: /^limit: must be an int/, field: 'limit' },
  { name: 'a cursor that is not one', send: () => listIncidents('cursor=not-a-cursor'), status: 400, says: /^cursor: is not a cursor this API returned$/, field: 'cursor' },
  { name: 'a forged cursor in year 0', send: () => listIncidents(`cursor=${cursorAt('0000-01-01T00:00:00.000Z')}`), status: 400, says: /^cursor: is not a cursor this API returned$/, field: 'cursor' },
  { name: 'a forged cursor past year 9999', send: () => listIncidents(`cursor=${cursorAt('+275760-09-13T00:00:00.000Z')}`), status: 400, says: /^cursor: is not a cursor this API returned$/, field: 'cursor' },
  { name: 'a since that is not a date', send: () => listIncidents('since=last-week'), status: 400, says: /^since: must be an ISO 8601 date-time with a time zone$/, field: 'since' },
  { name: 'a since without a time zone', send: () => listIncidents('since=2026-11-20T10:00:00'), status: 400, says: /^since: must be an ISO 8601 date-time with a time zone$/, field: 'since' },
  { name: 'an until in year 0', send: () => listIncidents('until=0000-01-01T00:00:00Z'), status: 400, says: /^until: must be a date-time between the years 1 and 9999$/, field: 'until' },
  { name: 'an unknown query parameter', send: () => listIncidents('colour=red'), status: 400, says: /^querystring: has unknown field "colour"$/ },
  { name: 'an event-log outcome filter with a NUL character', send: () => ({ method: 'GET', url: '/api/v1/events?outcome=dropped%00' }), status: 400, says: /^outcome: must be an outcome/, field: 'outcome' },

  // API: ids in the path
  { name: 'an incident id that is not a uuid', send: () => ({ method: 'GET', url: '/api/v1/incidents/42' }), status: 400, says: /^id: Invalid UUID$/, field: 'id' },
  { name: 'an incident id of 300 characters', send: () => ({ method: 'GET', url: `/api/v1/incidents/${'a'.repeat(300)}` }), status: 400, says: /^A path parameter is longer than 200 characters\.$/ },
  { name: 'an incident id with broken percent-encoding', send: () => ({ method: 'GET', url: '/api/v1/incidents/%E0%A4%A' }), status: 400, says: /^The URL path is not validly percent-encoded\.$/ },
  { name: 'an incident that does not exist', send: () => ({ method: 'GET', url: `/api/v1/incidents/${UNKNOWN_ID}` }), status: 404, says: /^Incident not found$/ },

  // API: opening incidents and adding notes
  { name: 'a new incident without a body', send: () => ({ method: 'POST', url: '/api/v1/incidents' }), status: 400, says: /^body: must be an object, not null$/, field: 'body' },
  { name: 'a new incident whose service_id is not a uuid', send: () => ({ method: 'POST', url: '/api/v1/incidents', body: { service_id: 'checkout', title: 'Slow' } }), status: 400, says: /^service_id: Invalid UUID$/, field: 'service_id' },
  { name: 'a new incident whose title is blank', send: (f) => ({ method: 'POST', url: '/api/v1/incidents', body: { service_id: f.serviceId, title: '   ' } }), status: 400, says: /^title: must not be empty$/, field: 'title' },
  { name: 'a new incident whose title is a number', send: (f) => ({ method: 'POST', url: '/api/v1/incidents', body: { service_id: f.serviceId, title: 500 } }), status: 400, says: /^title: must be a string, not a number$/, field: 'title' },
  { name: 'a new incident with an unknown severity', send: (f) => ({ method: 'POST', url: '/api/v1/incidents', body: { service_id: f.serviceId, title: 'Slow', severity: 'sev1' } }), status: 400, says: /^severity: must be one of/, field: 'severity' },
  { name: 'a new incident with an unknown field', send: (f) => ({ method: 'POST', url: '/api/v1/incidents', body: { service_id: f.serviceId, title: 'Slow', priority: 'P1' } }), status: 400, says: /^body: has unknown field "priority"$/, field: 'body' },
  { name: 'a new incident on a service that does not exist', send: () => ({ method: 'POST', url: '/api/v1/incidents', body: { service_id: UNKNOWN_ID, title: 'Slow' } }), status: 404, says: /^Service not found$/ },
  { name: 'a note on an incident id that is not a uuid', send: () => ({ method: 'POST', url: '/api/v1/incidents/first/notes', body: { text: 'hello' } }), status: 400, says: /^id: Invalid UUID$/, field: 'id' },
  { name: 'a note with empty text', send: (f) => ({ method: 'POST', url: `/api/v1/incidents/${f.incidentId}/notes`, body: { text: '' } }), status: 400, says: /^text: must not be empty$/, field: 'text' },
  { name: 'a note whose text is an array', send: (f) => ({ method: 'POST', url: `/api/v1/incidents/${f.incidentId}/notes`, body: { text: ['a', 'b'] } }), status: 400, says: /^text: must be a string, not an array$/, field: 'text' },
  { name: 'a note of 10001 characters', send: (f) => ({ method: 'POST', url: `/api/v1/incidents/${f.incidentId}/notes`, body: { text: 'n'.repeat(10_001) } }), status: 400, says: /^text: must be at most 10000 characters long$/, field: 'text' },
  {
    name: 'a note with a __proto__ key',
    send: (f) => ({ method: 'POST', url: `/api/v1/incidents/${f.incidentId}/notes`, rawBody: '{"text":"x","__proto__":{"role":"admin"}}', headers: contentType() }),
    status: 400,
    code: 'invalid_json',
    says: /"__proto__" or "constructor\.prototype" key/,
  },
  { name: 'a note on an incident that does not exist', send: () => ({ method: 'POST', url: `/api/v1/incidents/${UNKNOWN_ID}/notes`, body: { text: 'hello' } }), status: 404, says: /^Incident not found$/ },

  // API: services and integrations
  { name: 'a service without a name', send: () => ({ method: 'POST', url: '/api/v1/services', body: {} }), status: 400, says: /^name: is required$/, field: 'name' },
  { name: 'a service whose name is null', send: () => ({ method: 'POST', url: '/api/v1/services', body: { name: null } }), status: 400, says: /^name: must be a string, not null$/, field: 'name' },
  { name: 'a service name of 201 characters', send: () => ({ method: 'POST', url: '/api/v1/services', body: { name: 's'.repeat(201) } }), status: 400, says: /^name: must be at most 200 characters long$/, field: 'name' },
  { name: 'a service with an escalation_policy_id that is not a uuid', send: () => ({ method: 'POST', url: '/api/v1/services', body: { name: 'x', escalation_policy_id: 'default' } }), status: 400, says: /^escalation_policy_id: Invalid UUID$/, field: 'escalation_policy_id' },
  { name: 'a service body that is an array', send: () => ({ method: 'POST', url: '/api/v1/services', body: [{ name: 'x' }] }), status: 400, says: /^body: must be an object, not an array$/, field: 'body' },
  { name: 'a service of 2 MB', send: () => ({ method: 'POST', url: '/api/v1/services', body: { name: 'big', description: 'd'.repeat(2 * 1024 * 1024) } }), status: 413, says: /larger than the 1 MB this endpoint accepts/ },
  { name: 'a service body sent as text/csv', send: () => ({ method: 'POST', url: '/api/v1/services', rawBody: 'name\ncheckout', headers: contentType('text/csv') }), status: 415, says: /^Content-Type "text\/csv" is not accepted/ },
  {
    name: 'a service name with half a surrogate pair',
    send: () => ({ method: 'POST', url: '/api/v1/services', rawBody: '{"name":"pay\\udc00ments"}', headers: contentType() }),
    status: 400,
    code: 'invalid_json',
    says: /^name: contains an unpaired surrogate escape/,
    field: 'name',
  },
  { name: 'a service change that changes nothing', send: (f) => ({ method: 'PATCH', url: `/api/v1/services/${f.serviceId}`, body: {} }), status: 400, says: /^body: must name at least one field to change$/, field: 'body' },
  { name: 'a service change to an unknown status', send: (f) => ({ method: 'PATCH', url: `/api/v1/services/${f.serviceId}`, body: { status: 'paused' } }), status: 400, says: /^status: must be one of "active", "disabled"$/, field: 'status' },
  { name: 'a service change with an unknown field', send: (f) => ({ method: 'PATCH', url: `/api/v1/services/${f.serviceId}`, body: { owner: 'team-a' } }), status: 400, says: /^body: has unknown field "owner"/, field: 'body' },
  { name: 'a service change for an id that is not a uuid', send: () => ({ method: 'PATCH', url: '/api/v1/services/checkout', body: { name: 'x' } }), status: 400, says: /^id: Invalid UUID$/, field: 'id' },
  { name: 'a service change for a service that does not exist', send: () => ({ method: 'PATCH', url: `/api/v1/services/${UNKNOWN_ID}`, body: { name: 'x' } }), status: 404, says: /^Service not found$/ },
  { name: 'an integration of a type that does not exist', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: { type: 'carrier_pigeon' } }), status: 400, says: /^type: must be one of events_api_v2, change_events, [a-z_, ]+$/, field: 'type' },
  { name: 'settings for an integration type that has none', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: { type: 'events_api_v2', settings: { mapping: {} } } }), status: 400, says: /^settings: integrations of type events_api_v2 have no settings$/, field: 'settings' },
  { name: 'integration settings that are not an object', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: { type: 'events_api_v2', settings: [1] } }), status: 400, says: /^settings: /, field: 'settings' },
  { name: 'an integration without a type', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: {} }), status: 400, says: /^type: is required$/, field: 'type' },
  { name: 'an integration rate limit given as a string', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: { type: 'events_api_v2', rate_limit_per_minute: '60' } }), status: 400, says: /^rate_limit_per_minute: must be a number, not a string$/, field: 'rate_limit_per_minute' },
  { name: 'an integration rate limit of 1e308', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: { type: 'events_api_v2', rate_limit_per_minute: 1e308 } }), status: 400, says: /rate_limit_per_minute: Too big/, field: 'rate_limit_per_minute' },
  { name: 'an integration rate limit of 0', send: (f) => ({ method: 'POST', url: `/api/v1/services/${f.serviceId}/integrations`, body: { type: 'events_api_v2', rate_limit_per_minute: 0 } }), status: 400, says: /^rate_limit_per_minute: .*>=1/, field: 'rate_limit_per_minute' },
  { name: 'an integration on a service id that is not a uuid', send: () => ({ method: 'POST', url: '/api/v1/services/checkout/integrations', body: { type: 'events_api_v2' } }), status: 400, says: /^id: Invalid UUID$/, field: 'id' },
  { name: 'an integration on a service that does not exist', send: () => ({ method: 'POST', url: `/api/v1/services/${UNKNOWN_ID}/integrations`, body: { type: 'events_api_v2' } }), status: 404, says: /^Service not found$/ },
  { name: 'a native payload for an unknown integration key', send: () => ({ method: 'POST', url: '/integrations/nosuchkeynosuchkeynosuchkey123456', body: {} }), status: 404, says: /^Integration not found$/ },
  { name: 'a native payload over 5 MB', send: (f) => native(f, alertmanagerBody([{ status: 'firing', labels: { alertname: 'x'.repeat(5 * 1024 * 1024) } }])), status: 413, says: /larger than the 5 MB this endpoint accepts/ },
  { name: 'a native payload nested 40 levels deep', send: (f) => native(f, `${'['.repeat(40)}${']'.repeat(40)}`), status: 400, code: 'invalid_json', says: /nested 33 levels deep; at most 32/ },
  { name: 'a native payload with a __proto__ key', send: (f) => native(f, '{"version":"4","__proto__":{"admin":true},"alerts":[]}'), status: 400, code: 'invalid_json', says: /__proto__/ },
  { name: 'a native payload that is not UTF-8', send: (f) => native(f, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), status: 400, code: 'invalid_json', says: /not valid UTF-8/ },
  { name: 'an Alertmanager payload whose alerts are not a list', send: (f) => native(f, alertmanagerBody({ status: 'firing' })), status: 400, says: /alerts/, field: 'alerts' },
  { name: 'an Alertmanager payload as text/plain', send: (f) => native(f, alertmanagerBody([]), 'text/plain'), status: 415, says: /JSON/ },
];

/** Well-formed requests beside the refusals, so the table cannot pass by refusing everything. */
interface Acceptance {
  name: string;
  send: (f: Fixture) => Req;
  status: number;
  body: Record<string, unknown>;
}

const UNICODE_SUMMARY = 'Ünïcödé 🔥 ディスクがいっぱい — قرص ممتلئ \u202eRTL';
const acceptances: Acceptance[] = [
  {
    name: 'a trigger with emoji, CJK and right-to-left text, and an emoji dedup key',
    send: (f) => enqueueJson(triggerEvent(f.routingKey, 'disk-💾', { payload: { summary: UNICODE_SUMMARY, source: 'db-ü', severity: 'warning' } })),
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: 'disk-💾' },
  },
  {
    name: 'a trigger whose summary pairs surrogates correctly in escapes',
    send: (f) => enqueueRaw(JSON.stringify(triggerEvent(f.routingKey, 'escaped-emoji', { payload: { summary: 'SUMMARY', source: 'db-1', severity: 'info' } })).replace('"SUMMARY"', '"rocket \\ud83d\\ude80"')),
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: 'escaped-emoji' },
  },
  {
    name: 'a trigger sent as application/json; charset=utf-8 with a 1024-character summary',
    send: (f) => ({ method: 'POST', url: '/v2/enqueue', rawBody: JSON.stringify(triggerEvent(f.routingKey, 'longest', { payload: { summary: 'é'.repeat(1024), source: 'db-1', severity: 'error' } })), headers: contentType('application/json; charset=utf-8') }),
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: 'longest' },
  },
  {
    name: 'a trigger with custom_details nested 20 levels deep',
    send: (f) => enqueueRaw(JSON.stringify(triggerEvent(f.routingKey, 'nested', { payload: { summary: 'nested details', source: 'db-1', severity: 'info', custom_details: 'X' } })).replace('"X"', '{"a":'.repeat(20) + '1' + '}'.repeat(20))),
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: 'nested' },
  },
  {
    name: 'a change event with a unicode summary',
    send: (f) => change(f, { payload: { summary: 'Déployé v42 🚀', timestamp: '2026-11-20T10:00:00+01:00' } }),
    status: 202,
    body: { status: 'success', message: 'Change event processed' },
  },
  {
    name: 'an acknowledge for a dedup key never seen (accepted and dropped, as PagerDuty does)',
    send: (f) => enqueueJson({ routing_key: f.routingKey, event_action: 'acknowledge', dedup_key: 'never-seen' }),
    status: 202,
    body: { status: 'success', message: 'Event processed', dedup_key: 'never-seen' },
  },
  {
    name: 'a service named in three scripts',
    send: () => ({ method: 'POST', url: '/api/v1/services', body: { name: 'Zahlungen 💳 支付' } }),
    status: 201,
    body: { name: 'Zahlungen 💳 支付', status: 'active' },
  },
];

/** The events the acceptances store, oldest first. */
const acceptedEvents = [
  { kind: 'alert', action: 'trigger', dedup_key: 'disk-💾' },
  { kind: 'alert', action: 'trigger', dedup_key: 'escaped-emoji' },
  { kind: 'alert', action: 'trigger', dedup_key: 'longest' },
  { kind: 'alert', action: 'trigger', dedup_key: 'nested' },
  { kind: 'change', action: 'change', dedup_key: null },
  { kind: 'alert', action: 'acknowledge', dedup_key: 'never-seen' },
];

describeEachStore('malformed requests are refused with a 4xx that names the problem', (kind) => {
  let t: TestVigil;
  let token: string;
  let fixture: Fixture;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
    const alerts = await newIntegration(t, token);
    const changes = await newIntegration(t, token, 'change_events');
    const nativeIntegration = await request(t, 'POST', `/api/v1/services/${changes.serviceId}/integrations`, { token, body: { type: 'alertmanager' } });
    const incident = await request(t, 'POST', '/api/v1/incidents', { token, body: { service_id: alerts.serviceId, title: 'Opened by hand' } });
    expect(incident.status).toBe(201);
    fixture = { routingKey: alerts.routingKey, changeKey: changes.routingKey, nativeKey: nativeIntegration.body.integration_key, serviceId: alerts.serviceId, incidentId: incident.body.id };
  });
  afterAll(() => t.stop());

  const send = ({ method, url, body, rawBody, headers, anonymous }: Req) => {
    const authenticated = url.startsWith('/api/v1/') && !anonymous && headers?.['authorization'] === undefined;
    return request(t, method, url, { ...(authenticated && { token }), ...(headers && { headers }), ...(body !== undefined && { body }), ...(rawBody !== undefined && { rawBody }) });
  };

  it.each(refusals)('refuses $name with $status', async ({ send: build, status, says, code, field }) => {
    const req = build(fixture);
    const response = await send(req);
    expect(response.status).toBe(status);
    if (req.url.startsWith('/v2/')) {
      // PagerDuty's shape, so its clients understand the refusal.
      expect(response.body).toEqual({ status: 'invalid event', message: status === 413 ? 'Event object is too large' : 'Event object is invalid', errors: expect.any(Array) });
      expect(response.body.errors.join('\n')).toMatch(says);
    } else {
      expect(response.body).toEqual({ error: { code: code ?? codeByStatus[status], message: expect.stringMatching(says), details: expect.any(Array) } });
      if (field) expect(response.body.error.details).toContainEqual({ field, message: expect.any(String) });
    }
  });

  it.each(acceptances)('accepts $name', async ({ send: build, status, body }) => {
    const response = await send(build(fixture));
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject(body);
  });

  it('still serves afterwards, and stored nothing for any refused request', async () => {
    const ok = await enqueue(t, triggerEvent(fixture.routingKey, 'after-the-storm'));
    expect(ok.status).toBe(202);
    await t.settle();

    const events = await request(t, 'GET', '/api/v1/events?limit=100', { token });
    expect(events.body.events.map((e: { kind: string; action: string; dedup_key: string | null }) => ({ kind: e.kind, action: e.action, dedup_key: e.dedup_key })).reverse()).toEqual([
      ...acceptedEvents,
      { kind: 'alert', action: 'trigger', dedup_key: 'after-the-storm' },
    ]);
    expect(events.body.events.every((e: { outcome: string | null }) => e.outcome !== null && e.outcome !== 'failed')).toBe(true);

    const incidents = (await request(t, 'GET', '/api/v1/incidents?limit=100', { token })).body.incidents;
    expect(incidents.map((i: { title: string; status: string }) => [i.title, i.status]).sort()).toEqual(
      [
        ['Opened by hand', 'triggered'],
        [UNICODE_SUMMARY, 'triggered'],
        ['rocket 🚀', 'triggered'],
        ['é'.repeat(1024), 'triggered'],
        ['nested details', 'triggered'],
        ['disk full on after-the-storm', 'triggered'],
      ].sort(),
    );

    const services = (await request(t, 'GET', '/api/v1/services?limit=100', { token })).body.services;
    expect(services).toHaveLength(3);
    const serviceNames = services.map((s: { name: string }) => s.name);
    expect(serviceNames).toContain('Zahlungen 💳 支付');
    expect(serviceNames).not.toContain('big');
    const integrations = (await request(t, 'GET', `/api/v1/services/${fixture.serviceId}/integrations`, { token })).body.integrations;
    expect(integrations).toHaveLength(1);

    const changes = (await request(t, 'GET', '/api/v1/changes?limit=100', { token })).body.changes;
    expect(changes.map((c: { summary: string }) => c.summary)).toEqual(['Déployé v42 🚀']);

    const timeline = (await request(t, 'GET', `/api/v1/incidents/${fixture.incidentId}`, { token })).body.timeline;
    expect(timeline.map((entry: { type: string }) => entry.type)).toEqual(['triggered']);
  });
});
