import { createHash } from 'node:crypto';
import { inStoreRange } from '../http/validation.ts';
import type { EventImage, EventLink, Severity } from '../modules/events/event.ts';

/**
 * Severity words as tools and teams write them in labels, priorities and custom fields. Matched after
 * lower-casing and trimming; anything else is not a severity.
 */
const severityWords: Record<string, Severity> = Object.fromEntries([
  ...['critical', 'crit', 'fatal', 'emergency', 'emerg', 'alert', 'page', 'disaster', 'p1', 'sev1', 'sev-1', 'sev0', 'sev-0'].map((w) => [w, 'critical']),
  ...['error', 'err', 'major', 'high', 'p2', 'sev2', 'sev-2'].map((w) => [w, 'error']),
  ...['warning', 'warn', 'minor', 'medium', 'average', 'p3', 'sev3', 'sev-3'].map((w) => [w, 'warning']),
  ...['info', 'informational', 'information', 'notice', 'low', 'none', 'ok', 'debug', 'p4', 'p5', 'sev4', 'sev-4', 'sev5', 'sev-5'].map((w) => [w, 'info']),
]) as Record<string, Severity>;

/** The severity a word names (`"Critical"`, `"warn"`, `"P2"`, `"sev-1"`), or undefined. */
export function severityFromWord(word: unknown): Severity | undefined {
  if (typeof word !== 'string') return undefined;
  return Object.hasOwn(severityWords, word.trim().toLowerCase()) ? severityWords[word.trim().toLowerCase()] : undefined;
}

/**
 * An ISO 8601 instant from what tools send: an ISO date-time, or epoch milliseconds / seconds (number or
 * digits). Zero dates (Go's `0001-01-01T00:00:00Z`, "no end yet") and instants the store cannot keep → undefined.
 */
export function isoTimestamp(value: unknown): string | undefined {
  let date: Date | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value < 1e11 ? value * 1000 : value);
  else if (typeof value === 'string' && /^\d{9,16}$/.test(value.trim())) return isoTimestamp(Number(value.trim()));
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) date = new Date(value);
  if (!date || Number.isNaN(date.getTime()) || !inStoreRange(date) || date.getUTCFullYear() <= 1) return undefined;
  return date.toISOString();
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A link to keep with the alert when `href` is an http(s) URL; empty or other values are left out. */
export function httpLink(href: unknown, text: string): EventLink | undefined {
  const url = httpUrl(href);
  return url ? { href: url, text } : undefined;
}

export function httpImage(src: unknown, alt: string, href?: unknown): EventImage | undefined {
  const url = httpUrl(src);
  if (!url) return undefined;
  const target = httpUrl(href);
  return { src: url, alt, ...(target && { href: target }) };
}

/** Cuts text to `max` characters (an ellipsis marks the cut), as the stored fields have limits. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A dedup key within the 255 characters the Events API allows: long keys become their SHA-256, still stable. */
export function boundedKey(key: string): string {
  return key.length <= 255 ? key : createHash('sha256').update(key).digest('hex');
}

export function presentLinks<T>(items: Array<T | undefined>): T[] {
  return items.filter((item): item is T => item !== undefined);
}
