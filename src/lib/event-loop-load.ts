import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * How busy this process's event loop has been lately: the share of the last window (at least `windowMs`)
 * it spent running code rather than waiting for I/O. Read on demand, no timer; a reading younger than the
 * window is reused.
 */
export class EventLoopLoad {
  private mark: EventLoopUtilization = performance.eventLoopUtilization();
  private markedAt = performance.now();
  private last = 0;

  constructor(private readonly windowMs: number) {}

  utilization(): number {
    const now = performance.now();
    if (now - this.markedAt >= this.windowMs) {
      const current = performance.eventLoopUtilization();
      this.last = performance.eventLoopUtilization(current, this.mark).utilization;
      this.mark = current;
      this.markedAt = now;
    }
    return this.last;
  }
}
