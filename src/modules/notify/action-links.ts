import { randomBytes, webcrypto } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import { instanceSecrets } from '../orgs/orgs.tables.ts';

type CryptoKey = webcrypto.CryptoKey;

const linkActions = ['acknowledge', 'resolve'] as const;
export type LinkAction = (typeof linkActions)[number];

/** Who may do what to which incident: what an action link's token says, signed. */
export interface ActionClaims {
  org: string;
  incident: string;
  user: string;
  action: LinkAction;
}

export type CheckedLink = { ok: true; claims: ActionClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Long enough to act on a page sent at night in the morning; short enough that an old mail is no key. */
export const ACTION_LINK_TTL_SECONDS = 24 * 3600;
/** Keeps tokens of any other use of the same key from passing as action links. */
const ISSUER = 'vigil';
const AUDIENCE = 'vigil:action-link';
/** A JWT of four claims is ~400 characters; anything far longer is not one of ours. */
const MAX_TOKEN_LENGTH = 2048;

const claimsSchema = z.object({ org: z.uuid(), incident: z.uuid(), user: z.uuid(), action: z.enum(linkActions) });

/**
 * Signed, expiring one-click links (HS256 JWTs). The key is the installation's, shared by every process
 * through `instance_secrets`; time is the injected clock, so tests can move past the expiry.
 */
export class ActionLinks {
  constructor(
    private readonly key: () => Promise<CryptoKey>,
    private readonly clock: Clock,
  ) {}

  async sign(claims: ActionClaims, ttlSeconds = ACTION_LINK_TTL_SECONDS): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ org: claims.org, incident: claims.incident, user: claims.user, action: claims.action })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(await this.key());
  }

  /** `invalid` for anything not signed by this installation or not shaped like ours; `expired` past its time. */
  async check(token: string): Promise<CheckedLink> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid' };
    try {
      const { payload } = await jwtVerify(token, await this.key(), {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['exp'],
        currentDate: this.clock.now(),
      });
      const claims = claimsSchema.safeParse(payload);
      return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: 'invalid' };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      if (error instanceof errors.JOSEError) return { ok: false, reason: 'invalid' };
      throw error;
    }
  }
}

const ACTION_LINK_KEY = 'action_link_key';

/**
 * The installation's signing key for action links, made on first use: read it; if absent, insert one unless
 * another process did meanwhile (on conflict do nothing) and read again, so racing processes agree on the
 * winner. Kept in memory once read; a failed load is tried again on the next call.
 */
export function actionLinkKey(store: Store, clock: Clock): () => Promise<CryptoKey> {
  // A WebCrypto key, imported once: given bytes or a KeyObject, jose imports it again for every signature,
  // which under a storm of pages is a noticeable share of the CPU.
  let key: Promise<CryptoKey> | undefined;
  const read = async () => {
    const [row] = await store.db.select({ value: instanceSecrets.value }).from(instanceSecrets).where(eq(instanceSecrets.name, ACTION_LINK_KEY));
    return row ? new Uint8Array(Buffer.from(row.value, 'base64url')) : undefined;
  };
  const load = async () => webcrypto.subtle.importKey('raw', await loadBytes(), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const loadBytes = async () => {
    const existing = await read();
    if (existing) return existing;
    await store.write((tx) =>
      tx
        .insert(instanceSecrets)
        .values({ name: ACTION_LINK_KEY, value: randomBytes(32).toString('base64url'), createdAt: clock.now() })
        .onConflictDoNothing({ target: instanceSecrets.name }),
    );
    const created = await read();
    if (!created) throw new Error(`instance secret ${ACTION_LINK_KEY} is missing after it was written`);
    return created;
  };
  return () => {
    key ??= load().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}
