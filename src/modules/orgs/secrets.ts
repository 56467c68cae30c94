import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Random bearer secrets: 32 bytes, base64url, with a readable prefix that says what they are. */
export function newToken(prefix: 'vgl' | 'vgls' | 'vgli'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are 256-bit random, so a fast hash is enough to store them (no brute force to slow down). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Run when no user matched, so a wrong e-mail costs the same time as a wrong password. */
export const passwordDecoy = hashPassword(randomBytes(16).toString('hex'));
