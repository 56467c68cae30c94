import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../http/errors.ts';
import type { KnownIntegration } from '../../modules/services/integration-directory.ts';
import { dueAfter, heartbeatSettings } from './heartbeat.ts';
import { recordPing, storeHeartbeatEvents } from './heartbeat.store.ts';

/** What a ping answers: it always counts; `events` is 1 when it resolved the alert of a missed heartbeat. */
export interface PingAnswer {
  status: 'success';
  message: string;
  events: number;
}

/**
 * A ping: the heartbeat is up and due again after interval + grace. If it was down, the resolve event of its
 * alert is stored in the same transaction, so the state and the alert cannot disagree.
 */
export async function ping(deps: Deps, integration: KnownIntegration): Promise<PingAnswer> {
  const parsed = heartbeatSettings.safeParse(integration.settings);
  if (!parsed.success) {
    throw new AppError('unprocessable', 'This heartbeat integration has invalid settings; save its settings again.', [{ field: 'settings', message: 'invalid' }]);
  }
  const now = deps.clock.now();
  const resolve = {
    orgId: integration.orgId,
    serviceId: integration.serviceId,
    integrationId: integration.id,
    action: 'resolve' as const,
    payload: { summary: 'Heartbeat received again', timestamp: now.toISOString(), links: [], images: [] },
  };
  let resolved: boolean;
  try {
    resolved = await deps.store.write(async (tx) => {
      const previous = await recordPing(tx, integration.id, now, dueAfter(now, parsed.data));
      if (previous !== 'down') return false;
      await storeHeartbeatEvents(tx, [resolve], now);
      return true;
    });
  } catch (error) {
    deps.log.error({ err: error, integrationId: integration.id }, 'could not record a heartbeat ping');
    throw new AppError('unavailable', 'The ping could not be recorded right now; send it again.', [], { 'retry-after': '1' });
  }
  if (resolved) deps.log.info({ integrationId: integration.id, orgId: integration.orgId }, 'heartbeat is back: alert resolved');
  return { status: 'success', message: resolved ? 'Heartbeat received; the missed-heartbeat alert is resolved' : 'Heartbeat received', events: resolved ? 1 : 0 };
}
