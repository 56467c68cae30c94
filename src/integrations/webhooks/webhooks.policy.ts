/** Domain event types a subscription can ask for (the ones the outbox relay hands on), and `*` for all. */
export const WEBHOOK_EVENT_TYPES = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.escalated',
  'incident.assigned',
  'incident.reassigned',
  'incident.note_added',
  'change.created',
] as const;

/**
 * Delay before each retry after a failed attempt, in the Standard Webhooks schedule: the first attempt at
 * once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h — eight attempts over about 27 hours.
 */
export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000] as const;

/** A subscription whose every attempt failed for this long is disabled (as Svix and Standard Webhooks do). */
const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** Delay before the attempt after failed attempt number `attempt` (1 = the first), or null: give up. */
export function retryDelayMs(attempt: number): number | null {
  return RETRY_DELAYS_MS[attempt - 1] ?? null;
}

export interface FailureVerdict {
  /** Disable the subscription, for this reason (null: keep it). */
  disable: string | null;
  /** When the next attempt is due (null: the delivery has failed for good). */
  nextAttemptAt: Date | null;
}

/**
 * What a failed attempt leads to. `failingSince` is the subscription's first failed attempt with no
 * success after it (this one, when it is the first). 410 Gone says the receiver is gone for good.
 */
export function judgeFailure(input: { attempt: number; statusCode: number | null; now: Date; failingSince: Date }): FailureVerdict {
  if (input.statusCode === 410) return { disable: 'The endpoint answered 410 Gone.', nextAttemptAt: null };
  const failingFor = input.now.getTime() - input.failingSince.getTime();
  if (failingFor >= DISABLE_AFTER_FAILING_MS) {
    const days = Math.floor(failingFor / 86_400_000);
    return { disable: `Every delivery attempt failed for ${days} days (since ${input.failingSince.toISOString()}).`, nextAttemptAt: null };
  }
  const delay = retryDelayMs(input.attempt);
  return { disable: null, nextAttemptAt: delay === null ? null : new Date(input.now.getTime() + delay) };
}

