import { eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import type { Executor } from '../../ports/store.ts';
import { slackConnections } from './slack.tables.ts';

/** Safety net should an invalidation be lost; connecting and disconnecting invalidate at once. */
const CONNECTED_TTL_MS = 60_000;

const connections = (deps: Deps) => deps.cache.namespace<boolean>('slack-connected', { ttlMs: CONNECTED_TTL_MS, max: 10_000, shared: true });

/** Whether the organisation has a workspace connected: asked for every relayed batch of its domain events, so cached. */
export function slackConnected(deps: Deps, orgId: string, executor: Executor = deps.store.db): Promise<boolean> {
  return connections(deps).get(orgId, async () => {
    const [row] = await executor.select({ orgId: slackConnections.orgId }).from(slackConnections).where(eq(slackConnections.orgId, orgId));
    return { value: row !== undefined };
  });
}

/** After connecting or disconnecting the organisation's workspace has committed. */
export function slackConnectionChanged(deps: Deps, orgId: string): Promise<void> {
  return connections(deps).invalidate(orgId);
}
