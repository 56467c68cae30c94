import { randomInt } from 'node:crypto';

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** 32 characters of [a-z0-9], like a PagerDuty routing key (~165 bits). */
export function newIntegrationKey(): string {
  let key = '';
  for (let i = 0; i < 32; i += 1) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return key;
}
