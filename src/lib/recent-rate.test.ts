import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecentRate } from './recent-rate.ts';

describe('RecentRate', () => {
  it('is zero before anything happened and decays towards zero in quiet', () => {
    const clock = { t: 0 };
    const rate = new RecentRate(1000, () => clock.t);
    expect(rate.perSecond()).toBe(0);
    rate.add(500);
    expect(rate.perSecond()).toBeCloseTo(500);
    clock.t += 1000;
    expect(rate.perSecond()).toBeCloseTo(500 / Math.E);
    clock.t += 10_000;
    expect(rate.perSecond()).toBeLessThan(1);
  });

  it('settles at the rate of a steady stream, whatever its batches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 200 }), (perSecond, everyMs) => {
        const clock = { t: 0 };
        const rate = new RecentRate(1000, () => clock.t);
        const batch = (perSecond * everyMs) / 1000;
        for (let index = 0; index < Math.ceil(20_000 / everyMs); index++) {
          clock.t += everyMs;
          rate.add(batch);
        }
        // Between two batches the reading falls from its peak to its trough: on average over the gap, the rate.
        const lastBatch = clock.t;
        let sum = 0;
        for (let sample = 0; sample < 100; sample++) {
          clock.t = lastBatch + (everyMs * (sample + 0.5)) / 100;
          sum += rate.perSecond();
        }
        expect(sum / 100 / perSecond).toBeCloseTo(1, 1);
      }),
    );
  });

  it('reads a burst after a quiet spell far below the rate it would reach if it went on', () => {
    const clock = { t: 0 };
    const rate = new RecentRate(1000, () => clock.t);
    for (let index = 0; index < 10; index++) {
      clock.t += 10;
      rate.add(5); // 500 a second, for 100 ms
    }
    expect(rate.perSecond()).toBeLessThan(60);
  });
});
