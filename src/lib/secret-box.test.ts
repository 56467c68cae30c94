import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSecretKey, SecretBox } from './secret-box.ts';

const box = SecretBox.withKey(randomBytes(32));

describe('SecretBox', () => {
  it('opens what it sealed, for any text and context', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (text, context) => {
        expect(box.open(box.seal(text, context), context)).toBe(text);
      }),
    );
  });

  it('never shows the plaintext and seals the same text differently each time', () => {
    const a = box.seal('xoxb-very-secret-token', 'row-1');
    const b = box.seal('xoxb-very-secret-token', 'row-1');
    expect(a).not.toContain('xoxb');
    expect(a).not.toBe(b);
  });

  it('refuses a ciphertext moved to another row, tampered with, or sealed under another key', () => {
    const sealed = box.seal('secret', 'row-1');
    expect(() => box.open(sealed, 'row-2')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'row-1')).toThrow();
    expect(() => SecretBox.withKey(randomBytes(32)).open(sealed, 'row-1')).toThrow();
  });

  it('without a key seals nothing', () => {
    const none = SecretBox.none();
    expect(none.available).toBe(false);
    expect(() => none.seal('x', 'row')).toThrow(/VIGIL_SECRET_KEY/);
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes, and nothing else', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretKey('too-short')).toBeUndefined();
    expect(parseSecretKey(randomBytes(16).toString('hex'))).toBeUndefined();
  });
});

describe('SecretBox during a key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('opens what a previous key sealed, seals with the current one, and says which is which', () => {
    const sealedBefore = SecretBox.withKey(oldKey).seal('xoxb-token', 'row-1');
    const rotating = SecretBox.withKey(newKey, [oldKey]);
    expect(rotating.open(sealedBefore, 'row-1')).toBe('xoxb-token');
    expect(rotating.sealedWithCurrentKey(sealedBefore, 'row-1')).toBe(false);
    const sealedAfter = rotating.seal('xoxb-token', 'row-1');
    expect(rotating.sealedWithCurrentKey(sealedAfter, 'row-1')).toBe(true);
    expect(SecretBox.withKey(newKey).open(sealedAfter, 'row-1')).toBe('xoxb-token');
    expect(() => SecretBox.withKey(newKey).open(sealedBefore, 'row-1')).toThrow();
    expect(() => SecretBox.withKey(oldKey).open(sealedAfter, 'row-1')).toThrow();
  });
});
