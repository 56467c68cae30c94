import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EscalationLevel } from './oncall.tables.ts';
import { planRelease } from './user-release.plan.ts';

const LEAVER = 'u0';
const idArb = fc.constantFrom(LEAVER, 'u1', 'u2', 'u3');
const layerArb = fc.record({ id: fc.uuid(), handoff_time: fc.constant('09:00'), users: fc.array(idArb, { minLength: 1, maxLength: 5 }) });
const scheduleArb = fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 8 }), layers: fc.array(layerArb, { minLength: 1, maxLength: 4 }) });
// A schedule target may carry the same id as the leaver: only user targets are theirs.
const targetArb = fc.record({ type: fc.constantFrom('user' as const, 'schedule' as const), id: idArb });
const levelArb: fc.Arbitrary<EscalationLevel> = fc.record({ delay_minutes: fc.integer({ min: 0, max: 60 }), targets: fc.array(targetArb, { minLength: 1, maxLength: 4 }) });
const policyArb = fc.record({ id: fc.uuid(), name: fc.string({ maxLength: 8 }), levels: fc.array(levelArb, { minLength: 1, maxLength: 4 }) });

describe('taking a deleted user out of schedules and escalation policies', () => {
  it('is blocked exactly where a layer or level would be left empty; otherwise removes them alone, in order, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(scheduleArb, { maxLength: 4 }), fc.array(policyArb, { maxLength: 4 }), (schedules, policies) => {
        const given = structuredClone({ schedules, policies });
        const plan = planRelease(LEAVER, schedules, policies);
        // The rows given are left as they were: the plan is new rows.
        expect({ schedules, policies }).toEqual(given);
        const isLeaver = (target: { type: string; id: string }) => target.type === 'user' && target.id === LEAVER;
        expect(plan.blockedBy.schedules).toEqual(schedules.filter((s) => s.layers.some((layer) => layer.users.every((id) => id === LEAVER))).map((s) => s.name));
        expect(plan.blockedBy.policies).toEqual(policies.filter((p) => p.levels.some((level) => level.targets.every(isLeaver))).map((p) => p.name));

        plan.schedules.forEach((schedule, i) => {
          const before = schedules[i]!;
          expect({ id: schedule.id, name: schedule.name }).toEqual({ id: before.id, name: before.name });
          schedule.layers.forEach((layer, j) => expect(layer).toEqual({ ...before.layers[j], users: before.layers[j]!.users.filter((id) => id !== LEAVER) }));
        });
        plan.policies.forEach((policy, i) => {
          const before = policies[i]!;
          expect(policy.levels).toEqual(before.levels.map((level) => ({ ...level, targets: level.targets.filter((target) => !isLeaver(target)) })));
        });
      }),
    );
  });
});
