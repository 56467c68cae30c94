import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SerialRuns } from './serial-runs.ts';

const microtasks = async (count: number) => {
  for (let index = 0; index < count; index += 1) await Promise.resolve();
};

/** A body shaped like the folder's and the engine's: rounds while requests keep coming, each round some awaits. */
function looping(awaitsPerRound: number) {
  const trace: Array<'round' | 'request'> = [];
  let active = 0;
  let overlapped = false;
  const runs: SerialRuns = new SerialRuns(async () => {
    if (++active > 1) overlapped = true;
    do {
      runs.takeRequest();
      trace.push('round');
      await microtasks(awaitsPerRound);
    } while (runs.pending);
    active -= 1;
  });
  const request = () => {
    trace.push('request');
    runs.request();
  };
  return { runs, request, trace, overlapped: () => overlapped };
}

describe('SerialRuns', () => {
  it('a request at any moment while a run ends earns a round after it', async () => {
    // Sweeps the second request over every microtask of the first run's end, its settling included: a flag
    // the body alone reads misses the requests made after its last look (some depths here).
    for (let depth = 0; depth < 30; depth += 1) {
      const { runs, request, trace } = looping(2);
      request();
      await microtasks(depth);
      request();
      await runs.idle();
      expect(trace.lastIndexOf('round'), `second request after ${depth} microtasks`).toBeGreaterThan(trace.lastIndexOf('request'));
    }
  });

  it('never overlaps runs and answers every request with a later round (any timing)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 12 }), async (awaitsPerRound, gaps) => {
        const { runs, request, trace, overlapped } = looping(awaitsPerRound);
        for (const gap of gaps) {
          request();
          await microtasks(gap);
        }
        await runs.idle();
        expect(overlapped()).toBe(false);
        expect(trace.lastIndexOf('round')).toBeGreaterThan(trace.lastIndexOf('request'));
        // Requests during a round fold into one more round, never one round each.
        expect(trace.filter((entry) => entry === 'round').length).toBeLessThanOrEqual(gaps.length);
      }),
    );
  });

  it('starts nothing while it does not accept requests', async () => {
    let accepting = false;
    let rounds = 0;
    const runs = new SerialRuns(
      async () => {
        rounds += 1;
        await Promise.resolve();
      },
      () => accepting,
    );
    runs.request();
    await runs.idle();
    expect(rounds).toBe(0);
    accepting = true;
    runs.request();
    expect(runs.busy).toBe(true);
    await runs.idle();
    expect(rounds).toBe(1);
  });
});
