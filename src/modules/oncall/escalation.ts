/**
 * The escalation state machine, pure. An incident walks its policy's levels in order, each for its delay,
 * then starts again from the first level `repeatCount` more times, then stays with the last level.
 */

export interface EscalationPosition {
  /** Index into the policy's levels; -1 before the first level is entered. */
  level: number;
  loop: number;
}

export interface PolicyShape {
  levelCount: number;
  repeatCount: number;
}

/** Where an escalation due now goes next, or null when it has run its course (it stays where it is). */
export function nextPosition(at: EscalationPosition, policy: PolicyShape): EscalationPosition | null {
  if (policy.levelCount === 0) return null;
  if (at.level + 1 < policy.levelCount) return { level: at.level + 1, loop: at.loop };
  if (at.loop < policy.repeatCount) return { level: 0, loop: at.loop + 1 };
  return null;
}

/**
 * When the position just entered becomes due again: after the level's delay, unless it is the very last
 * step (last level of the last loop), which has nothing to escalate to.
 */
export function nextDueAt(entered: EscalationPosition, policy: PolicyShape, delayMinutes: number, now: Date): Date | null {
  if (nextPosition(entered, policy) === null) return null;
  return new Date(now.getTime() + delayMinutes * 60_000);
}
