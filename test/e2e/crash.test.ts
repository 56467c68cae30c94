import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachStore, freshStoreEnv } from '../harness.ts';
import { allEvents, allIncidents, durabilityReport, sendConcurrently, setUpTenant, trigger, waitForFold } from './client.ts';
import { ProcessGroup } from './process.ts';

const EVENTS = 3_000;
const IN_FLIGHT = 64;
const KILL_AFTER_ACCEPTED = 1_500;

describeEachStore('durable before acknowledged: `vigil start` killed -9 in the middle of a flood', (kind) => {
  const processes = new ProcessGroup();
  let storeEnv: Record<string, string>;
  let cleanup: () => Promise<void> | void;

  beforeEach(async () => {
    ({ env: storeEnv, cleanup } = await freshStoreEnv(kind));
  });

  afterEach(async () => {
    await processes.killAll();
    await cleanup();
  });

  it('every trigger answered 202 before the crash has its incident after a restart, including those stored but not yet folded', async () => {
    // Passes that gather events for half a second under load leave a backlog for the kill to land in, so the
    // restart's fold is always exercised (left to chance, PostgreSQL sometimes folds everything in time).
    const first = await processes.start('start', { ...storeEnv, VIGIL_FOLD_COALESCE_MS: '500' });
    const { token, routingKey } = await setUpTenant(first.baseUrl);
    const keys = Array.from({ length: EVENTS }, (_, index) => `crash-${index}`);

    let killed = false;
    const sent = await sendConcurrently(
      keys.map((key) => ({ baseUrl: first.baseUrl, key, body: trigger(routingKey, key) })),
      IN_FLIGHT,
      {
        onAnswer: (_status, acceptedSoFar) => {
          if (acceptedSoFar >= KILL_AFTER_ACCEPTED && !killed) {
            killed = true;
            void first.kill('SIGKILL');
          }
        },
        stopWhen: () => killed,
      },
    );
    const exit = await first.exited;
    expect(exit.signal, first.describe()).toBe('SIGKILL');

    const restartedAt = Date.now();
    const second = await processes.start('start', storeEnv);
    await waitForFold(second.baseUrl, token);

    const incidents = await allIncidents(second.baseUrl, token);
    // Unanswered requests may or may not have been stored; every acknowledged one must have been.
    expect(durabilityReport(incidents, sent.accepted, keys)).toEqual({ lost: [], unexpected: [], numbering: 'contiguous from 1' });

    // Acknowledged events must have been left unfolded by the crash, or the restart's fold went untested.
    const events = await allEvents(second.baseUrl, token);
    const accepted = new Set(sent.accepted);
    const foldedAfterRestart = events.filter((event) => accepted.has(event.dedup_key ?? '') && event.folded_at !== null && Date.parse(event.folded_at) >= restartedAt);
    expect(foldedAfterRestart.length, 'acknowledged events stored but not folded when the process died').toBeGreaterThan(0);
    expect(events.filter((event) => event.outcome !== 'alert_created')).toEqual([]);
    expect(events.length).toBe(incidents.length);

    // The kill must have landed mid-stream: requests in flight went unanswered, none was refused before it.
    expect(sent.accepted.length).toBeGreaterThanOrEqual(KILL_AFTER_ACCEPTED);
    expect(sent.failed, 'requests in flight when the process died get no answer').toBeGreaterThan(0);
    expect(Object.fromEntries(sent.statuses), 'answers other than 202 before the kill').toEqual({});
  });
});
