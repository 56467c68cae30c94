import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's own advice: refuse requests whose timestamp is more than five minutes from now (replays). */
const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` under the app's signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: Buffer): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/** Whether the request timestamp (seconds since the epoch, as Slack sends it) is recent enough. */
export function freshTimestamp(timestamp: string | undefined, nowMs: number): timestamp is string {
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= MAX_SIGNATURE_AGE_SECONDS;
}

/** Compares the X-Slack-Signature header with the expected value in constant time. */
export function signatureMatches(signingSecret: string, timestamp: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(header, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
