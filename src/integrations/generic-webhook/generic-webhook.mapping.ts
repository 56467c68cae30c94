import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../../http/errors.ts';
import { severities, type AcceptedEvent, type EventLink, type Severity } from '../../modules/events/event.ts';
import { boundedKey, clip, httpLink, isoTimestamp, severityFromWord } from '../alert-fields.ts';
import { compileError, compileExpression, describeJsonataError, type CompiledExpression } from './jsonata-expression.ts';

const expression = z
  .string()
  .min(1)
  .max(10_000)
  .superRefine((source, context) => {
    const error = compileError(source);
    if (error) context.addIssue({ code: 'custom', message: error });
  });

const fields = ['summary', 'severity', 'dedup_key', 'action', 'source', 'timestamp', 'component', 'group', 'class', 'custom_details', 'links'] as const;
type Field = (typeof fields)[number];

/** JSONata expressions over the posted body, one per event field; only `summary` is required. */
export const mappingSchema = z.strictObject({
  summary: expression.describe('The alert summary (required)'),
  severity: expression.optional().describe('critical, error, warning or info (or a word like P1, high, warn)'),
  dedup_key: expression.optional().describe('Events with the same key update the same alert'),
  action: expression.optional().describe('trigger (default), acknowledge or resolve'),
  source: expression.optional(),
  timestamp: expression.optional().describe('ISO 8601 or epoch seconds/milliseconds'),
  component: expression.optional(),
  group: expression.optional(),
  class: expression.optional(),
  custom_details: expression.optional().describe('Any JSON; the whole body when not mapped'),
  links: expression.optional().describe('A URL, {href, text}, or an array of them'),
});

export type Mapping = z.infer<typeof mappingSchema>;

export const DEFAULT_SEVERITY: Severity = 'critical';
const DEFAULT_SOURCE = 'generic webhook';
const MAX_DETAILS_BYTES = 512 * 1024;

export const genericWebhookSettings = z.strictObject({
  mapping: mappingSchema,
  default_severity: z.enum(severities).optional().describe(`When severity is not mapped or names no severity (default ${DEFAULT_SEVERITY})`),
});

export type GenericWebhookSettings = z.infer<typeof genericWebhookSettings>;

type CompiledMapping = Partial<Record<Field, CompiledExpression>>;

export function compileMapping(mapping: Mapping): CompiledMapping {
  const compiled: CompiledMapping = {};
  for (const field of fields) {
    const source = mapping[field];
    if (source === undefined) continue;
    try {
      compiled[field] = compileExpression(source);
    } catch (error) {
      const message = describeJsonataError(error);
      throw new AppError('unprocessable', `settings.mapping.${field}: ${message}`, [{ field: `settings.mapping.${field}`, message }]);
    }
  }
  return compiled;
}

/** Compiled mappings by integration, recompiled when the stored mapping changes (its text is the check). */
const compiledByIntegration = new LRUCache<string, { text: string; compiled: CompiledMapping }>({ max: 10_000 });

export function compiledMappingOf(integrationId: string, mapping: Mapping): CompiledMapping {
  const text = JSON.stringify(mapping);
  const cached = compiledByIntegration.get(integrationId);
  if (cached?.text === text) return cached.compiled;
  const compiled = compileMapping(mapping);
  compiledByIntegration.set(integrationId, { text, compiled });
  return compiled;
}

/** An event mapped from a body, and what was noticed but did not stop it (an unknown severity word). */
export interface MappedEvent {
  event: AcceptedEvent;
  warnings: string[];
}

class MappingFailure extends Error {
  constructor(readonly detail: ErrorDetail) {
    super(`${detail.field}: ${detail.message}`);
  }
}

function fail(field: Field, message: string): never {
  throw new MappingFailure({ field: `mapping.${field}`, message });
}

/**
 * Evaluates a mapping against a posted body. Every expression is bounded (see jsonata-expression.ts) and its
 * result type-checked; a body the mapping cannot turn into an event throws a 422 naming the field.
 */
export async function applyMapping(compiled: CompiledMapping, body: unknown, defaultSeverity: Severity = DEFAULT_SEVERITY): Promise<MappedEvent> {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new AppError('validation_failed', 'body: must be a JSON object or array (Content-Type: application/json)', [{ field: 'body', message: 'must be a JSON object or array' }]);
  }
  try {
    return await mapBody(compiled, body, defaultSeverity);
  } catch (error) {
    if (error instanceof MappingFailure) throw new AppError('unprocessable', error.message, [error.detail]);
    throw error;
  }
}

async function mapBody(compiled: CompiledMapping, body: object, defaultSeverity: Severity): Promise<MappedEvent> {
  const warnings: string[] = [];
  const value = async (field: Field): Promise<unknown> => {
    const expression = compiled[field];
    if (!expression) return undefined;
    try {
      return await expression.evaluate(body);
    } catch (error) {
      return fail(field, describeJsonataError(error));
    }
  };
  const summary = text('summary', await value('summary'), 1024);
  if (!summary) fail('summary', 'evaluated to nothing for this body; the summary is required');

  const actionWord = text('action', await value('action'), 64)?.toLowerCase();
  const action = actionWord === undefined ? 'trigger' : actionOf(actionWord);

  const severityWord = text('severity', await value('severity'), 64);
  let severity = severityFromWord(severityWord);
  if (severityWord !== undefined && !severity) warnings.push(`mapping.severity: ${JSON.stringify(severityWord)} names no severity; ${defaultSeverity} was used`);
  severity ??= defaultSeverity;

  const givenKey = text('dedup_key', await value('dedup_key'), 100_000);
  if (!givenKey && action !== 'trigger') fail('dedup_key', `evaluated to nothing for this body; a dedup key is needed to ${action}`);

  const timestampValue = await value('timestamp');
  const timestamp = isoTimestamp(typeof timestampValue === 'string' ? timestampValue.trim() : timestampValue);
  if (timestampValue !== undefined && !timestamp) warnings.push(`mapping.timestamp: ${JSON.stringify(timestampValue)} is not a date-time; the time of receipt is used`);

  const detailsValue = compiled.custom_details ? await value('custom_details') : body;
  const event: AcceptedEvent = {
    kind: 'alert',
    action,
    dedupKey: givenKey ? boundedKey(givenKey) : randomUUID().replaceAll('-', ''),
    payload: {
      summary,
      source: text('source', await value('source'), 255) || DEFAULT_SOURCE,
      severity,
      timestamp,
      component: text('component', await value('component'), 255),
      group: text('group', await value('group'), 255),
      class: text('class', await value('class'), 255),
      customDetails: jsonValue('custom_details', detailsValue),
      links: links(await value('links'), warnings),
      images: [],
      client: 'Generic webhook',
    },
  };
  return { event, warnings };
}

function actionOf(word: string): Extract<AcceptedEvent, { kind: 'alert' }>['action'] {
  if (word === 'trigger' || word === 'triggered') return 'trigger';
  if (word === 'acknowledge' || word === 'acknowledged' || word === 'ack') return 'acknowledge';
  if (word === 'resolve' || word === 'resolved') return 'resolve';
  return fail('action', `evaluated to ${JSON.stringify(word)}; it must be trigger, acknowledge or resolve`);
}

/** One string from a result: strings, numbers and booleans are taken; a one-item sequence is its item. */
function text(field: Field, result: unknown, max: number): string | undefined {
  let value = result;
  if (Array.isArray(value)) {
    if (value.length > 1) fail(field, `evaluated to ${value.length} values; one was expected (use $join or [0])`);
    value = value[0];
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const trimmed = clean(String(value)).trim();
    return trimmed ? clip(trimmed, max) : undefined;
  }
  return fail(field, `evaluated to ${typeof value === 'function' ? 'a function' : 'an object'}; a string was expected`);
}

/** Text PostgreSQL can store: no NUL, no half surrogate pairs (JSONata string literals can make both). */
function clean(value: string): string {
  return value.replaceAll('\u0000', '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function jsonValue(field: Field, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'function') fail(field, 'evaluated to a function; JSON was expected');
  const json = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? clean(item) : typeof item === 'function' ? undefined : item));
  if (json === undefined) return undefined;
  if (Buffer.byteLength(json) > MAX_DETAILS_BYTES) fail(field, `is ${Buffer.byteLength(json)} bytes of JSON; at most ${MAX_DETAILS_BYTES} are kept (map custom_details to a part of the body)`);
  return JSON.parse(json) as unknown;
}

function links(value: unknown, warnings: string[]): EventLink[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const kept: EventLink[] = [];
  for (const item of items.slice(0, 100)) {
    const href: unknown = typeof item === 'object' && item !== null ? (item as { href?: unknown }).href : item;
    const label: unknown = typeof item === 'object' && item !== null ? (item as { text?: unknown }).text : undefined;
    const link = httpLink(href, typeof label === 'string' ? clip(clean(label), 1024) : '');
    if (link) kept.push(link.text ? link : { href: link.href });
    else warnings.push(`mapping.links: ${JSON.stringify(item)?.slice(0, 200)} is not an http(s) URL or {href, text}; left out`);
  }
  return kept;
}
