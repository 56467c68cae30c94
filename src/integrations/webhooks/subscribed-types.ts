import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import type { Executor } from '../../ports/store.ts';
import { webhookSubscriptions } from './webhooks.tables.ts';

/** Safety net should an invalidation be lost; the commands that change subscriptions invalidate at once. */
const TTL_MS = 60_000;

const cached = (deps: Deps) => deps.cache.namespace<string[]>('webhook-event-types', { ttlMs: TTL_MS, max: 10_000, shared: true });

/**
 * The event types the organisation's enabled subscriptions take (`*` for all). Asked for every relayed batch
 * of domain events, so cached. `executor`: the caller's transaction, when it holds one.
 */
export async function subscribedTypes(deps: Deps, orgId: string, executor: Executor = deps.store.db): Promise<Set<string>> {
  const types = await cached(deps).get(orgId, async () => {
    const rows = await executor
      .select({ eventTypes: webhookSubscriptions.eventTypes })
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.enabled, true)));
    return { value: [...new Set(rows.flatMap((row) => row.eventTypes))] };
  });
  return new Set(types);
}

/** After a command that adds, changes or removes a subscription has committed. */
export function subscriptionsChanged(deps: Deps, orgId: string): Promise<void> {
  return cached(deps).invalidate(orgId);
}
