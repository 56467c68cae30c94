import type { Deps } from '../../app/deps.ts';
import type { CacheNamespace } from '../../ports/cache.ts';

/** Safety net should an invalidation be lost; schedule and policy changes invalidate at once. */
const TTL_MS = 60_000;

/** Who is on call in an organisation, as computed at `at` and valid (by the app's clock) until `until`. */
export interface CachedOncalls<E> {
  at: number;
  until: number;
  entries: E[];
}

export function oncallsCache<E>(deps: Deps): CacheNamespace<CachedOncalls<E>> {
  return deps.cache.namespace('oncalls', { ttlMs: TTL_MS, max: 10_000, shared: true });
}

/** Runs a schedule or escalation policy command; once it has committed, the organisation's on-call answer is recomputed. */
export async function changingOncalls<T>(deps: Deps, orgId: string, command: Promise<T>): Promise<T> {
  const result = await command;
  await oncallsCache(deps).invalidate(orgId);
  return result;
}
