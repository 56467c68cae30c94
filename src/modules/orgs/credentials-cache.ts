import type { Deps } from '../../app/deps.ts';
import type { Role } from './actor.ts';

/** Whose an API key or session token is, by the token's hash: read on every request and stream connection. */
export interface KnownCredential {
  kind: 'api_key' | 'session';
  /** The API key's or the session's id. */
  id: string;
  orgId: string;
  userId: string;
  role: Role;
  /** API keys: when last used (ms), as far as this process knows; refreshed in the store at most once a minute. */
  lastUsedAt?: number | null;
  /** Sessions: when it ends (ms). */
  expiresAt?: number;
}

/**
 * Short, and kept in this process only: a change is seen at once where it was made and, in scaled mode, as
 * soon as the invalidation reaches the other processes over Redis; this bounds how long one that was lost
 * could let a revoked key or an old role through.
 */
const CREDENTIALS_TTL_MS = 10_000;

const credentials = (deps: Deps) => deps.cache.namespace<KnownCredential | null>('credentials', { ttlMs: CREDENTIALS_TTL_MS, max: 10_000, shared: false });

/**
 * The credential whose token hashes to `hash`, cached. `load` reads it from the store (null when unknown or
 * revoked: not cached, so guessing fills nothing). A session past its end is read again, and refused.
 */
export function knownCredential(deps: Deps, hash: string, load: () => Promise<KnownCredential | null>): Promise<KnownCredential | null> {
  return credentials(deps).get(
    hash,
    async () => {
      const value = await load();
      return value ? { value } : { value, ttlMs: 0 };
    },
    (value) => value?.expiresAt === undefined || value.expiresAt > deps.clock.now().getTime(),
  );
}

/** After a commit that revoked, ended or re-roled these credentials (by token hash). */
export async function credentialsChanged(deps: Deps, hashes: string[]): Promise<void> {
  const namespace = credentials(deps);
  await Promise.all([...new Set(hashes)].map((hash) => namespace.invalidate(hash)));
}
