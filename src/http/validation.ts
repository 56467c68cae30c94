import { z } from 'zod';

/** Messages that name the problem in words a user of the API understands. */
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
    // Coercion makes NaN of "abc" and Infinity of "1e400": "must be a number, not a number" would say nothing.
    if (issue.code === 'invalid_type' && Number.isNaN(issue.input)) return `must be ${article(issue.expected)}`;
    if (issue.code === 'invalid_type' && typeof issue.input === 'number' && !Number.isFinite(issue.input)) return `must be a finite ${issue.expected}`;
    if (issue.code === 'invalid_type') return `must be ${article(issue.expected)}, not ${describe(issue.input)}`;
    if (issue.code === 'unrecognized_keys') return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    if (issue.code === 'too_big' && issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
    if (issue.code === 'too_small' && issue.origin === 'string') {
      return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`;
    }
    if (issue.code === 'too_big' && issue.origin === 'array') return `must have at most ${issue.maximum} items`;
    return undefined;
  },
});

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return article(typeof input);
}

/** Turns an instance path like `/payload/summary` (or a zod path) into `payload.summary`. */
export function fieldName(path: string | readonly PropertyKey[], context?: string): string {
  const parts = typeof path === 'string' ? path.split('/').filter(Boolean) : path.map(String);
  const field = parts.join('.');
  if (field) return field;
  return context === 'body' || context === undefined ? 'body' : context;
}

/**
 * Whether PostgreSQL can store or compare this instant: JavaScript dates reach years 0 and beyond 9999
 * (or "+275760-…"), which timestamptz refuses with an error that would surface as a 500 or a lost event.
 */
export function inStoreRange(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(year) && year >= 1 && year <= 9999;
}

/** Uniform shape for a page of a list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
};

export const uuidParam = z.strictObject({ id: z.uuid() });
