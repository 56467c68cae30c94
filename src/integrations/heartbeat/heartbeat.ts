import { z } from 'zod';
import { type Severity, severities } from '../../modules/events/event.ts';

const MINUTE = 60;
const DAY = 86_400;
const MAX_INTERVAL_SECONDS = 7 * DAY;
/** When none is given (the API contract creates any integration from its type alone), as Opsgenie's heartbeats. */
const DEFAULT_INTERVAL_SECONDS = 10 * MINUTE;

/** The alert of a missed heartbeat: one per integration, so the next ping resolves exactly it. */
export const HEARTBEAT_DEDUP_KEY = 'heartbeat';

export type HeartbeatStatus = 'waiting' | 'up' | 'down';

/**
 * The grace given when none is set: a fifth of the interval (a cron job's run time and a sender's retries fit in
 * it), at least a minute so a one-minute heartbeat survives a slow request, at most a day.
 */
function defaultGraceSeconds(intervalSeconds: number): number {
  return Math.min(DAY, Math.max(MINUTE, Math.round(intervalSeconds / 5)));
}

export const heartbeatSettings = z
  .strictObject({
    interval_seconds: z.number().int().min(MINUTE).max(MAX_INTERVAL_SECONDS).default(DEFAULT_INTERVAL_SECONDS).describe('How often the sender pings: 60 s to 7 days (default 10 minutes).'),
    grace_seconds: z.number().int().min(0).max(MAX_INTERVAL_SECONDS).optional().describe('How late a ping may be before the heartbeat is down.'),
    severity: z.enum(severities).optional().describe('Severity of the alert a missed heartbeat opens (default critical).'),
  })
  .transform((settings) => ({
    interval_seconds: settings.interval_seconds,
    grace_seconds: settings.grace_seconds ?? defaultGraceSeconds(settings.interval_seconds),
    severity: settings.severity ?? ('critical' as Severity),
  }));

export type HeartbeatSettings = z.output<typeof heartbeatSettings>;

/** The latest a ping may arrive after `since` (the last ping, or the creation of the integration). */
export function dueAfter(since: Date, settings: HeartbeatSettings): Date {
  return new Date(since.getTime() + (settings.interval_seconds + settings.grace_seconds) * 1000);
}

/** A heartbeat is overdue from its due time on: a ping must arrive strictly before it. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() >= dueAt.getTime();
}

/** A heartbeat being watched: pinged at least once (`up`) or not yet (`waiting`). */
export interface WatchedHeartbeat {
  lastPingAt: Date | null;
  /** When monitoring began: the integration's creation. */
  createdAt: Date;
}

export type HeartbeatCheck = { verdict: 'down' } | { verdict: 'not_due'; dueAt: Date };

/**
 * What a claimed heartbeat's due time means now, from its current settings (they may have changed since the
 * due time was stored): down when overdue, else the corrected due time.
 */
export function checkHeartbeat(heartbeat: WatchedHeartbeat, settings: HeartbeatSettings, now: Date): HeartbeatCheck {
  const dueAt = dueAfter(heartbeat.lastPingAt ?? heartbeat.createdAt, settings);
  return isOverdue(dueAt, now) ? { verdict: 'down' } : { verdict: 'not_due', dueAt };
}

/** Seconds-precision ISO time for people to read ("2026-03-01T10:00:00Z"). */
const readable = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function missedSummary(name: string, heartbeat: WatchedHeartbeat): string {
  return heartbeat.lastPingAt
    ? `No heartbeat from ${name} since ${readable(heartbeat.lastPingAt)}`
    : `No heartbeat from ${name} since it was created at ${readable(heartbeat.createdAt)} (never pinged)`;
}
