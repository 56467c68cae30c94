import { describe, expect, it } from 'vitest';
import { judgeFailure, RETRY_DELAYS_MS, retryDelayMs } from './webhooks.policy.ts';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const t0 = new Date('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('retry schedule and disabling', () => {
  it('retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, then gives up: eight attempts over more than 24 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelayMs)).toEqual([5_000, 5 * minute, 30 * minute, 2 * hour, 5 * hour, 10 * hour, 10 * hour, null]);
    expect(RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0)).toBeGreaterThanOrEqual(24 * hour);
  });

  it.each([
    { case: 'first failure', attempt: 1, statusCode: 500, now: at(0), failingSince: at(0), disable: null, next: at(5_000) },
    { case: 'a timeout (no status)', attempt: 3, statusCode: null, now: at(hour), failingSince: at(0), disable: null, next: at(hour + 30 * minute) },
    { case: 'last attempt', attempt: 8, statusCode: 503, now: at(27 * hour), failingSince: at(0), disable: null, next: null },
    { case: 'failing just under 5 days', attempt: 2, statusCode: 500, now: at(5 * day - 1), failingSince: at(0), disable: null, next: at(5 * day - 1 + 5 * minute) },
    { case: 'failing for 5 days', attempt: 2, statusCode: 500, now: at(5 * day), failingSince: at(0), disable: /failed for 5 days/, next: null },
    { case: '410 Gone', attempt: 1, statusCode: 410, now: at(0), failingSince: at(0), disable: /410 Gone/, next: null },
  ])('$case', ({ attempt, statusCode, now, failingSince, disable, next }) => {
    const verdict = judgeFailure({ attempt, statusCode, now, failingSince });
    if (disable) expect(verdict.disable).toMatch(disable);
    else expect(verdict.disable).toBeNull();
    expect(verdict.nextAttemptAt).toEqual(next);
  });
});
