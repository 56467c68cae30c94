import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EventLoopLoad } from './event-loop-load.ts';

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the event loop is busy running this
  }
}

describe('EventLoopLoad', () => {
  it('reads a loop kept busy as nearly fully used and an idle one as barely used', async () => {
    const load = new EventLoopLoad(40);
    spin(60);
    expect(load.utilization()).toBeGreaterThan(0.8);
    // Idle long enough that what the test runner itself does meanwhile (a few ms) stays a small share. Polled:
    // a process starved of CPU in CI just before its loop waited found its timer already due, and read the
    // whole 200 ms as busy (1.0).
    await delay(200);
    await expect.poll(() => load.utilization(), { timeout: 5_000, interval: 100 }).toBeLessThan(0.3);
  });

  it('keeps its reading until the window has passed', async () => {
    const load = new EventLoopLoad(100);
    spin(120);
    const busy = load.utilization();
    expect(busy).toBeGreaterThan(0.8);
    await delay(30);
    expect(load.utilization()).toBe(busy);
    await delay(250);
    await expect.poll(() => load.utilization(), { timeout: 5_000, interval: 150 }).toBeLessThan(0.3);
  });
});
