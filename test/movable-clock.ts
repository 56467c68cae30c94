import type { Clock } from '../src/ports/clock.ts';

/** Real time plus an offset the test moves forward: "five minutes later" without waiting five minutes. */
export function movableClock() {
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  return {
    clock,
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}
