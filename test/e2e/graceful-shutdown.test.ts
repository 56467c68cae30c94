import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachStore, freshStoreEnv } from '../harness.ts';
import { allEvents, allIncidents, durabilityReport, sendConcurrently, setUpTenant, trigger, waitForFold } from './client.ts';
import { ProcessGroup } from './process.ts';

const EVENTS = 2_000;
const IN_FLIGHT = 64;
const SIGTERM_AFTER_ACCEPTED = 500;

describeEachStore('graceful shutdown: SIGTERM to `vigil start` under load', (kind) => {
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

  it('exits 0 after answering the requests in flight, and every trigger answered 202 is stored and folded after a restart', async () => {
    const first = await processes.start('start', { ...storeEnv, LOG_LEVEL: 'info' });
    const { token, routingKey } = await setUpTenant(first.baseUrl);
    const keys = Array.from({ length: EVENTS }, (_, index) => `sigterm-${index}`);

    let acceptedAtSigterm: number | undefined;
    const refusedBeforeSigterm: number[] = [];
    // Requests keep coming until the process has exited, so some arrive while it drains.
    const sent = await sendConcurrently(
      keys.map((key) => ({ baseUrl: first.baseUrl, key, body: trigger(routingKey, key) })),
      IN_FLIGHT,
      {
        onAnswer: (status, acceptedSoFar) => {
          if (acceptedAtSigterm === undefined && status !== 202) refusedBeforeSigterm.push(status);
          if (acceptedAtSigterm === undefined && acceptedSoFar >= SIGTERM_AFTER_ACCEPTED) {
            acceptedAtSigterm = acceptedSoFar;
            void first.kill('SIGTERM');
          }
        },
        stopWhen: () => !first.running,
      },
    );
    expect(await first.waitExit(15_000), first.describe()).toEqual({ code: 0, signal: null });
    expect(first.printed, 'the orderly path, not the shutdown timeout').toMatch(/"msg":"shutting down[^]*"msg":"stopped"/);
    expect(refusedBeforeSigterm).toEqual([]);
    // Requests in flight at the signal were answered rather than cut off, and the load did not outlast the process.
    expect(sent.accepted.length - (acceptedAtSigterm ?? 0), 'requests answered 202 after SIGTERM').toBeGreaterThan(0);
    expect(sent.accepted.length, 'the signal landed mid-stream').toBeLessThan(EVENTS);
    // While draining, a refusal says so (503); nothing else.
    expect([...sent.statuses.keys()].filter((status) => status !== 503)).toEqual([]);
    if (kind === 'pglite') expect(existsSync(join(storeEnv['VIGIL_DATA_DIR']!, 'vigil.lock')), 'a clean exit releases the data dir').toBe(false);

    const second = await processes.start('start', storeEnv);
    await waitForFold(second.baseUrl, token);
    const incidents = await allIncidents(second.baseUrl, token);
    expect(durabilityReport(incidents, sent.accepted, keys)).toEqual({ lost: [], unexpected: [], numbering: 'contiguous from 1' });
    // Unlike a crash, a graceful stop answers every request it stored: what went unanswered (a connection
    // closed as idle while a request was on its way, or refused at once) was never stored, so a retry is safe.
    const accepted = new Set(sent.accepted);
    const storedWithoutAnswer = (await allEvents(second.baseUrl, token)).filter((event) => !accepted.has(event.dedup_key ?? ''));
    expect(storedWithoutAnswer.map((event) => event.dedup_key)).toEqual([]);
  });
});
