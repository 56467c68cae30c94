import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from './errors.ts';

/** Deeper JSON than any real alert needs; deeper nesting is refused before it reaches a recursive walker. */
const MAX_JSON_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses JSON bodies strictly: invalid UTF-8, nesting beyond MAX_JSON_DEPTH, `__proto__` /
 * `constructor.prototype` keys, NUL characters and unpaired surrogates are refused with a 400 that says
 * which, instead of being repaired silently.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // JSON only: any other media type (text/plain included, which Fastify would parse as a string) gets a 415.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parse = (_request: unknown, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
    try {
      done(null, parseJsonBody(Buffer.isBuffer(body) ? body : Buffer.from(body)));
    } catch (error) {
      done(error as Error, undefined);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, parse);
  app.addContentTypeParser(/^application\/[\w.+-]*\+json$/, { parseAs: 'buffer' }, parse);
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined; // action endpoints take no body; routes that need one say so
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid UTF-8.');
  }
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new AppError('invalid_json', `The JSON is nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted.`);
  }
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const reason = (error as Error).message;
    if (/prototype/i.test(reason)) {
      throw new AppError('invalid_json', 'The JSON has a "__proto__" or "constructor.prototype" key, which is not accepted.');
    }
    throw new AppError('invalid_json', `The request body is not valid JSON: ${reason}`);
  }
  // Raw control characters are invalid in JSON strings and strict UTF-8 decoding refuses encoded surrogates,
  // so NULs and lone surrogates can only arrive as \u escapes: without one, there is nothing to look for.
  if (!text.includes('\\u')) return value;
  const nul = findString(value, '', (text) => text.includes('\u0000'));
  if (nul !== undefined) {
    throw new AppError('invalid_json', `${nul || 'body'}: contains a NUL character (\\u0000), which cannot be stored.`, [{ field: nul || 'body', message: 'contains a NUL character' }]);
  }
  // Valid JSON may escape half a surrogate pair ("\ud800"): not Unicode, and jsonb refuses it.
  const surrogate = findString(value, '', (text) => LONE_SURROGATE.test(text));
  if (surrogate !== undefined) {
    const message = 'contains an unpaired surrogate escape (\\ud800-\\udfff), which is not valid Unicode';
    throw new AppError('invalid_json', `${surrogate || 'body'}: ${message}.`, [{ field: surrogate || 'body', message }]);
  }
  return value;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (value or key) for which `test` holds: text PostgreSQL text and jsonb refuse. */
function findString(value: unknown, path: string, test: (text: string) => boolean): string | undefined {
  if (typeof value === 'string') return test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (test(key)) return itemPath;
    const found = findString(item, itemPath, test);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The deepest nesting of objects and arrays, ignoring brackets inside strings. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 34) i = afterString(text, i + 1) - 1;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (c === 125 || c === 93) depth -= 1;
  }
  return deepest;
}

/**
 * The index just past the closing quote of a string whose contents start at `from` (the text's length if it has
 * none). Found with indexOf rather than read character by character: in alert payloads most of the text is
 * strings, and a webhook of 100 alerts is a few hundred KB.
 */
function afterString(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (quote - backslashes - 1 >= from && text.charCodeAt(quote - backslashes - 1) === 92) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1; // an even run of backslashes escapes itself, not the quote
  }
  return text.length;
}
