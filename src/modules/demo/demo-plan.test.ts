import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOpenIncidents, planPastIncidents, SETTLED_MS, searchMaintenance } from './demo-plan.ts';
import { DemoRandom } from './demo-random.ts';

const DAY = 86_400_000;
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const instants = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });

describe('the demo plan of past incidents', () => {
  it('is the same for the same seed and instant', () => {
    fc.assert(
      fc.property(seeds, instants, (seed, now) => {
        expect(planPastIncidents(seed, now)).toEqual(planPastIncidents(seed, now));
      }),
      { numRuns: 30 },
    );
  });

  it('holds 55 to 150 incidents of the last three weeks, oldest first, each settled before now in order: opened, acknowledged, noted, resolved', () => {
    fc.assert(
      fc.property(seeds, instants, (seed, now) => {
        const planned = planPastIncidents(seed, now);
        expect(planned.length).toBeGreaterThanOrEqual(55);
        expect(planned.length).toBeLessThanOrEqual(150);
        const settled = now.getTime() - SETTLED_MS;
        const maintenance = searchMaintenance(now).past;
        let previous = 0;
        for (const incident of planned) {
          const created = incident.createdAt.getTime();
          const resolved = incident.resolvedAt!.getTime();
          expect(created).toBeGreaterThanOrEqual(previous);
          expect(created).toBeGreaterThanOrEqual(now.getTime() - 22 * DAY);
          expect(resolved).toBeLessThanOrEqual(settled);
          expect(resolved).toBeGreaterThan(created);
          const acknowledged = incident.acknowledgedAt?.getTime();
          if (acknowledged !== undefined) expect(acknowledged > created && acknowledged < resolved).toBe(true);
          for (const note of incident.notes) expect(note.at.getTime() >= (acknowledged ?? created) && note.at.getTime() <= resolved).toBe(true);
          expect(incident.service.incidents.map((template) => template.title)).toContain(incident.title);
          if (incident.service.key === 'search') expect(created >= maintenance.start.getTime() && created < maintenance.end.getTime()).toBe(false);
          previous = created;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('follows a daily rhythm: most incidents start in office hours (UTC 07 to 19), the pipeline’s at night', () => {
    const planned = planPastIncidents(1, new Date('2026-05-20T12:00:00Z'));
    const hour = (date: Date) => date.getUTCHours();
    const daytime = planned.filter((incident) => incident.service.rhythm === 'daytime');
    const nightly = planned.filter((incident) => incident.service.rhythm === 'nightly');
    expect(daytime.filter((incident) => hour(incident.createdAt) >= 7 && hour(incident.createdAt) < 19).length / daytime.length).toBeGreaterThan(0.6);
    expect(nightly.filter((incident) => hour(incident.createdAt) < 6 || hour(incident.createdAt) >= 22).length / nightly.length).toBeGreaterThan(0.5);
  });

  it('leaves two incidents acknowledged a while ago and one triggering now', () => {
    const now = new Date('2026-05-20T12:00:00Z');
    const open = planOpenIncidents(now);
    expect(open.acknowledged.every((incident) => incident.acknowledgedAt! < now && incident.resolvedAt === null)).toBe(true);
    expect(open.triggered).toMatchObject({ createdAt: now, acknowledgedAt: null, resolvedAt: null });
  });
});

describe('the demo’s seeded random numbers', () => {
  it('stay within their bounds', () => {
    fc.assert(
      fc.property(seeds, fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }), (seed, min, width, weights) => {
        const random = new DemoRandom(seed);
        const next = random.next();
        expect(next >= 0 && next < 1).toBe(true);
        const int = random.int(min, min + width);
        expect(int >= min && int <= min + width && Number.isInteger(int)).toBe(true);
        const index = random.weighted(weights.some((w) => w > 0) ? weights : [1, ...weights]);
        expect(index).toBeGreaterThanOrEqual(0);
        const delay = random.logUniform(1, 1 + width);
        expect(delay >= 1 && delay <= 1 + width).toBe(true);
      }),
    );
  });

  it('never draws a weight of zero', () => {
    fc.assert(
      fc.property(seeds, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 8 }), (seed, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const random = new DemoRandom(seed);
        for (let i = 0; i < 20; i += 1) expect(weights[random.weighted(weights)]).toBeGreaterThan(0);
      }),
    );
  });
});
