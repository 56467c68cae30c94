import { invalid } from './errors.ts';
import { inStoreRange } from './validation.ts';

/** Opaque keyset cursor: the sort key of the last row a page showed. */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

const idPatterns = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  serial: /^[0-9]{1,18}$/,
};

export function decodeCursor(value: string | undefined, idKind: keyof typeof idPatterns): Cursor | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      if (inStoreRange(new Date(parsed[0])) && idPatterns[idKind].test(parsed[1])) return { at: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor', 'is not a cursor this API returned');
}
