import type { Deps } from '../app/deps.ts';
import type { JobQueue } from '../ports/job-queue.ts';
import { nextPosition } from '../modules/oncall/escalation.ts';
import { claimDueEscalations, enterLevels, stopEscalations, unqueuedNotifications } from '../modules/oncall/escalation.store.ts';
import type { EnterLevel } from '../modules/oncall/level-entries.ts';
import { afterEnteringLevels, jobsWithNotifications, queueNotifications } from './notification-jobs.ts';

const BATCH = 100;
/** A notification this old without its job was left by a crash between commit and queueing. */
const UNQUEUED_GRACE_MS = 10_000;

/**
 * Advances every due escalation: enters the first level of new ones, escalates the ones nobody
 * acknowledged in time, stops those acknowledged or resolved meanwhile. Set-based and idempotent: due rows
 * are claimed with SKIP LOCKED, so any number of processes can run it and each step happens once.
 * Returns how many escalations it advanced.
 */
export async function advanceDueEscalations(deps: Deps, queue: JobQueue): Promise<number> {
  let advanced = 0;
  const jobsWith = jobsWithNotifications(queue, deps.clock);
  for (;;) {
    const now = deps.clock.now();
    const { count, afterCommit } = await deps.store.write(async (tx) => {
      const due = await claimDueEscalations(tx, now, BATCH);
      const steps: EnterLevel[] = [];
      const finished: string[] = [];
      for (const { escalation, incident } of due) {
        const position = nextPosition(escalation, { levelCount: escalation.levels.length, repeatCount: escalation.repeatCount });
        if (!incident || incident.status !== 'triggered' || !position) finished.push(escalation.incidentId);
        else steps.push({ escalation, incident, position, actor: { type: 'system', id: null }, kind: escalation.level < 0 ? 'assigned' : 'escalated' });
      }
      await stopEscalations(tx, finished, now);
      const entered = await enterLevels(tx, steps, now, jobsWith);
      return { count: due.length, afterCommit: await afterEnteringLevels(tx, deps.store, queue, entered, deps.clock) };
    });
    await afterCommit();
    advanced += count;
    if (count < BATCH) return advanced;
  }
}

/** Queues notifications whose job a crash kept from being queued. */
export async function queueStrandedNotifications(deps: Deps, queue: JobQueue): Promise<number> {
  const now = deps.clock.now();
  const stranded = await unqueuedNotifications(deps.store.db, new Date(now.getTime() - UNQUEUED_GRACE_MS), BATCH);
  await queueNotifications(deps.store, queue, stranded, deps.clock);
  return stranded.length;
}
