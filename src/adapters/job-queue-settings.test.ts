import { describe, expect, it } from 'vitest';
import { nextTick, tickKey } from './cron-schedule.ts';
import { backoffDelayMs, checkName } from './job-queue-settings.ts';

describe('retry backoff', () => {
  const settings = { backoffBaseMs: 1_000, backoffCapMs: 60_000 };
  it.each([
    // failures, random, delay: half of base·2^(failures−1) fixed, the other half scaled by the random draw
    [1, 0, 500],
    [1, 0.999_999, 1_000],
    [2, 0.5, 1_500],
    [3, 0, 2_000],
    [6, 1, 32_000],
    [7, 0, 30_000], // 64 s capped to 60 s
    [40, 1, 60_000],
  ])('after %i failures with draw %f waits %i ms', (failures, draw, expected) => {
    expect(backoffDelayMs(failures, settings, () => draw)).toBe(expected);
  });
});

describe('cron ticks', () => {
  it.each([
    ['* * * * * *', 'UTC', '2026-01-01T00:00:00.500Z', '2026-01-01T00:00:01.000Z'],
    ['* * * * * *', 'UTC', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z'], // strictly after
    ['0 9 * * *', 'Europe/Berlin', '2026-01-01T00:00:00.000Z', '2026-01-01T08:00:00.000Z'], // CET
    ['0 9 * * *', 'Europe/Berlin', '2026-07-01T00:00:00.000Z', '2026-07-01T07:00:00.000Z'], // CEST
    ['30 2 * * *', 'Europe/Berlin', '2026-03-29T00:00:00.000Z', '2026-03-29T01:30:00.000Z'], // 02:30 does not exist that night
  ])('%s in %s after %s is %s', (cron, zone, after, expected) => {
    expect(nextTick(cron, zone, new Date(after)).toISOString()).toBe(expected);
  });

  it('keys a tick by its schedule and instant', () => {
    expect(tickKey('nightly', new Date('2026-01-01T08:00:00Z'))).toBe('cron:nightly:2026-01-01T08:00:00.000Z');
  });
});

describe('names', () => {
  it.each(['notifications', 'a', 'x.y-z_1'])('accepts %s', (name) => expect(() => checkName('queue', name)).not.toThrow());
  it.each(['', 'with:colon', 'with space', '-leading', 'x'.repeat(101)])('refuses %j', (name) => expect(() => checkName('queue', name)).toThrow(/queue name/));
});
