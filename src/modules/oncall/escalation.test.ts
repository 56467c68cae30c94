import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EscalationPosition, nextDueAt, nextPosition } from './escalation.ts';

describe('escalation state machine', () => {
  it('walks every level of every loop once, in order, then stops', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 9 }), (levelCount, repeatCount) => {
        const policy = { levelCount, repeatCount };
        const visited: EscalationPosition[] = [];
        let at: EscalationPosition | null = { level: -1, loop: 0 };
        while ((at = nextPosition(at, policy)) !== null) visited.push(at);
        const expected = Array.from({ length: repeatCount + 1 }, (_, loop) => Array.from({ length: levelCount }, (_, level) => ({ level, loop }))).flat();
        expect(visited).toEqual(expected);
      }),
    );
  });

  it('is due again after the level delay except on the very last step', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const policy = { levelCount: 2, repeatCount: 1 };
    expect(nextDueAt({ level: 0, loop: 0 }, policy, 5, now)?.toISOString()).toBe('2026-03-01T00:05:00.000Z');
    expect(nextDueAt({ level: 1, loop: 0 }, policy, 5, now)?.toISOString()).toBe('2026-03-01T00:05:00.000Z');
    expect(nextDueAt({ level: 1, loop: 1 }, policy, 5, now)).toBeNull();
  });

  it('has nowhere to go in a policy without levels', () => {
    expect(nextPosition({ level: -1, loop: 0 }, { levelCount: 0, repeatCount: 3 })).toBeNull();
  });
});
