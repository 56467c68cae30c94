import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { SecretBox, parseSecretKey } from '../lib/secret-box.ts';

const KEY_FILE = 'secret.key';

/**
 * The key integration credentials are encrypted with: VIGIL_SECRET_KEY when set; in embedded mode otherwise a
 * key generated once into the data dir (mode 0600) beside the database. Scaled mode has no shared disk, so
 * without VIGIL_SECRET_KEY it runs with no key and refuses to store credentials.
 */
export function openSecretBox(config: Config): SecretBox {
  const previous = (config.VIGIL_SECRET_KEY_PREVIOUS ?? '')
    .split(',')
    .filter((text) => text.trim() !== '')
    .map((text, index) => {
      const key = parseSecretKey(text);
      if (!key) throw new Error(`VIGIL_SECRET_KEY_PREVIOUS: key ${index + 1} must be 32 bytes, written as 64 hex digits or in base64.`);
      return key;
    });
  if (config.VIGIL_SECRET_KEY) {
    const key = parseSecretKey(config.VIGIL_SECRET_KEY);
    if (!key) throw new Error('VIGIL_SECRET_KEY must be 32 bytes, written as 64 hex digits or in base64.');
    return SecretBox.withKey(key, previous);
  }
  if (config.DATABASE_URL) return SecretBox.none();
  mkdirSync(config.VIGIL_DATA_DIR, { recursive: true });
  const file = join(config.VIGIL_DATA_DIR, KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  const key = parseSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte key (64 hex digits).`);
  return SecretBox.withKey(key, previous);
}
