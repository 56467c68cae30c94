import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { parseJsonBody } from './json-body.ts';

/** Nesting of objects and arrays in a parsed value: the reference the text scan must agree with. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** Values nested around a random JSON value, so depths reach past the limit of 32. */
const nested = fc
  .tuple(
    fc.jsonValue({ maxDepth: 6 }),
    fc.array(fc.constantFrom('array', 'object', 'sibling'), { minLength: 20, maxLength: 40 }),
    // Keys and strings full of what a scan could mistake for structure.
    fc.string({ unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', 'a', ' ', '\n') }),
  )
  .map(([inner, wrappers, key]) =>
    wrappers.reduce<unknown>((value, wrapper) => {
      if (wrapper === 'array') return [value, key];
      if (wrapper === 'object') return { [key]: value, k: key };
      return [[key], { [key]: [key] }, value]; // closed siblings before the deep one: a missed closing bracket shows
    }, inner),
  );

describe('JSON bodies: nesting depth', () => {
  it('refuses exactly the bodies nested deeper than 32 levels, whatever their strings hold', () => {
    fc.assert(
      fc.property(nested, (value) => {
        const text = JSON.stringify(value);
        fc.pre(!/"(__proto__|constructor)"/.test(text) && !text.includes('\\u0000') && !/\\ud[89a-f]/i.test(text));
        const depth = depthOf(value);
        if (depth <= 32) {
          expect(parseJsonBody(Buffer.from(text))).toEqual(JSON.parse(text));
        } else {
          expect(() => parseJsonBody(Buffer.from(text))).toThrow(AppError);
          expect(() => parseJsonBody(Buffer.from(text))).toThrow('nested 33 levels deep; at most 32');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads brackets after escaped quotes and backslash runs as part of the string', () => {
    const deep = `${'['.repeat(33)}${']'.repeat(33)}`;
    expect(() => parseJsonBody(Buffer.from(`{"a":"\\\\","b":${deep}}`))).toThrow('nested 33 levels deep');
    expect(parseJsonBody(Buffer.from(`{"a":"\\"${'['.repeat(40)}\\\\\\"","b":1}`))).toEqual({ a: `"${'['.repeat(40)}\\"`, b: 1 });
  });
});
