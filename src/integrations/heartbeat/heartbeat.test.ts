import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHeartbeat, dueAfter, heartbeatSettings, type HeartbeatSettings, isOverdue, missedSummary } from './heartbeat.ts';

const settings = (interval: number, grace: number): HeartbeatSettings => heartbeatSettings.parse({ interval_seconds: interval, grace_seconds: grace });

describe('heartbeat settings', () => {
  it.each([
    [{ interval_seconds: 300 }, 60],
    [{ interval_seconds: 60 }, 60],
    [{ interval_seconds: 3600 }, 720],
    [{ interval_seconds: 7 * 86_400 }, 86_400],
    [{}, 120],
    [{ interval_seconds: 300, grace_seconds: 0 }, 0],
  ])('%j gets a grace of %d s', (given: { interval_seconds?: number }, grace) => {
    expect(heartbeatSettings.parse(given)).toMatchObject({ interval_seconds: given.interval_seconds ?? 600, grace_seconds: grace, severity: 'critical' });
  });

  it.each([
    [{ interval_seconds: 59 }, 'interval_seconds'],
    [{ interval_seconds: 7 * 86_400 + 1 }, 'interval_seconds'],
    [{ interval_seconds: 90.5 }, 'interval_seconds'],
    [{ interval_seconds: '300' }, 'interval_seconds'],
    [{ interval_seconds: 300, grace_seconds: -1 }, 'grace_seconds'],
    [{ interval_seconds: 300, severity: 'fatal' }, 'severity'],
    [{ interval_seconds: 300, interval: 5 }, ''],
  ])('refuses %j, naming %s', (given, field) => {
    const result = heartbeatSettings.safeParse(given);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]!.path.join('.')).toBe(field);
  });
});

describe('when a heartbeat is overdue', () => {
  const created = new Date('2026-03-01T10:00:00Z');
  const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);

  it.each([
    { name: 'never pinged, before interval + grace', lastPing: null, now: 359, verdict: 'not_due' },
    { name: 'never pinged, at interval + grace', lastPing: null, now: 360, verdict: 'down' },
    { name: 'pinged, a ping is due interval + grace after it', lastPing: 200, now: 559, verdict: 'not_due' },
    { name: 'pinged, and nothing since', lastPing: 200, now: 560, verdict: 'down' },
  ])('$name: $verdict', ({ lastPing, now, verdict }) => {
    expect(checkHeartbeat({ lastPingAt: lastPing === null ? null : at(lastPing), createdAt: created }, settings(300, 60), at(now)).verdict).toBe(verdict);
  });

  it('says since when nothing came', () => {
    expect(missedSummary('nightly backup', { lastPingAt: at(61), createdAt: created })).toBe('No heartbeat from nightly backup since 2026-03-01T10:01:01Z');
    expect(missedSummary('nightly backup', { lastPingAt: null, createdAt: created })).toBe('No heartbeat from nightly backup since it was created at 2026-03-01T10:00:00Z (never pinged)');
  });

  /** Pings at increasing offsets after creation, and a moment to look at after the last of them. */
  const scenario = fc.record({
    interval: fc.integer({ min: 60, max: 7 * 86_400 }),
    grace: fc.integer({ min: 0, max: 86_400 }),
    gaps: fc.array(fc.integer({ min: 0, max: 9 * 86_400 * 1000 }), { maxLength: 20 }),
    lookAfterMs: fc.integer({ min: 0, max: 9 * 86_400 * 1000 }),
  });

  it('is down exactly when the time since the last ping (or creation) reaches interval + grace', () => {
    fc.assert(
      fc.property(scenario, ({ interval, grace, gaps, lookAfterMs }) => {
        let last = created.getTime();
        for (const gap of gaps) last += gap;
        const now = new Date(last + lookAfterMs);
        const check = checkHeartbeat({ lastPingAt: gaps.length > 0 ? new Date(last) : null, createdAt: created }, settings(interval, grace), now);
        const reference = lookAfterMs >= (interval + grace) * 1000;
        expect(check.verdict === 'down').toBe(reference);
        if (check.verdict === 'not_due') {
          expect(check.dueAt.getTime()).toBe(last + (interval + grace) * 1000);
          expect(isOverdue(check.dueAt, now)).toBe(false);
        }
      }),
    );
  });

  it('keeps a heartbeat pinged within every interval up, whatever the timing of its pings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 60, max: 86_400 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (interval, grace, fractions) => {
          const s = settings(interval, grace);
          let since = created;
          for (const fraction of fractions) {
            // The next ping comes before the interval is out (a ping at interval + grace exactly is late, even with no grace).
            const pingAt = new Date(since.getTime() + Math.floor(fraction * interval * 1000));
            expect(isOverdue(dueAfter(since, s), pingAt)).toBe(false);
            since = pingAt;
          }
        },
      ),
    );
  });
});
