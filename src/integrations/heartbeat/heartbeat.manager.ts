import type { Deps } from '../../app/deps.ts';
import type { Manager } from '../../engine/engine.ts';
import { checkHeartbeat, dueAfter, heartbeatSettings, missedSummary } from './heartbeat.ts';
import { adoptHeartbeats, anyOverdue, claimOverdue, type HeartbeatEvent, markDown, reschedule, storeHeartbeatEvents } from './heartbeat.store.ts';

const BATCH = 100;

/**
 * The dead man's switch: marks every overdue heartbeat down and stores the trigger event of its alert in the
 * same transaction. Set-based and idempotent: overdue rows are claimed with SKIP LOCKED, so any number of
 * processes can run it and each missed heartbeat opens one alert.
 */
export function heartbeatManager(deps: Deps): Manager {
  let adopted = false;
  return {
    name: 'heartbeats',
    async run() {
      const started = deps.clock.now();
      // Saving an integration adopts it (heartbeatKind.onSaved); once per process, catch any saved without.
      if (!adopted) {
        await deps.store.write((tx) => adoptHeartbeats(tx, started));
        adopted = true;
      }
      let handled = 0;
      for (;;) {
        const now = deps.clock.now();
        if (!(await anyOverdue(deps.store.db, now))) return handled;
        const claimed = await deps.store.write(async (tx) => {
          const due = await claimOverdue(tx, now, BATCH);
          const down: HeartbeatEvent[] = [];
          const later: Array<{ integrationId: string; dueAt: Date }> = [];
          for (const row of due) {
            const parsed = heartbeatSettings.safeParse(row.settings);
            if (!parsed.success) {
              // Settings are validated when saved; a row that fails anyway is looked at again in a day, not every pass.
              deps.log.error({ integrationId: row.integrationId, orgId: row.orgId }, 'heartbeat integration has invalid settings; save them again');
              later.push({ integrationId: row.integrationId, dueAt: new Date(now.getTime() + 86_400_000) });
              continue;
            }
            const settings = parsed.data;
            const watched = { lastPingAt: row.lastPingAt, createdAt: row.createdAt };
            const check = checkHeartbeat(watched, settings, now);
            if (check.verdict === 'not_due') {
              later.push({ integrationId: row.integrationId, dueAt: check.dueAt });
              continue;
            }
            down.push({
              orgId: row.orgId,
              serviceId: row.serviceId,
              integrationId: row.integrationId,
              action: 'trigger',
              payload: {
                summary: missedSummary(row.name, watched),
                source: row.name,
                severity: settings.severity,
                timestamp: now.toISOString(),
                class: 'heartbeat',
                customDetails: {
                  interval_seconds: settings.interval_seconds,
                  grace_seconds: settings.grace_seconds,
                  last_ping_at: row.lastPingAt?.toISOString() ?? null,
                  expected_by: dueAfter(row.lastPingAt ?? row.createdAt, settings).toISOString(),
                },
                links: [],
                images: [],
              },
            });
          }
          await markDown(
            tx,
            down.map((event) => event.integrationId),
            now,
          );
          await storeHeartbeatEvents(tx, down, now);
          await reschedule(tx, later, now);
          if (down.length > 0) deps.log.info({ heartbeats: down.map((event) => event.integrationId) }, 'heartbeats missed: alerts triggered');
          return due.length;
        });
        handled += claimed;
        if (claimed < BATCH) return handled;
      }
    },
  };
}
