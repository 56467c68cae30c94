import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type AcceptedEvent, severities } from '../../modules/events/event.ts';

const SUMMARY_MAX = 1024;
const BODY_MAX = 64 * 1024;
const DEDUP_KEY_MAX = 255;
const PATTERN_MAX = 500;

/** Patterns are JavaScript regular expressions, matched case-insensitively against the subject. */
function compile(pattern: string): RegExp {
  return new RegExp(pattern, 'i');
}

const pattern = z
  .string()
  .min(1)
  .max(PATTERN_MAX)
  .refine(
    (source) => {
      try {
        compile(source);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a valid regular expression' },
  );

/** How mail becomes alerts, as PagerDuty's e-mail management rules put it. */
export const emailSettings = z
  .strictObject({
    dedup: z.enum(['none', 'subject']).default('none').describe('none: every mail opens a new alert; subject: a mail with the same subject adds to the open alert'),
    dedup_key_pattern: pattern.optional().describe('With dedup "subject": the part of the subject that identifies the alert (the first capture group, else the whole match)'),
    resolve_subject_pattern: pattern.optional().describe('A subject matching it resolves the alert of the same dedup key (e.g. "^(RESOLVED|OK):")'),
    severity: z.enum(severities).optional().describe('Severity of the alerts (default critical)'),
  })
  .superRefine((settings, context) => {
    if (settings.dedup === 'subject') return;
    for (const field of ['resolve_subject_pattern', 'dedup_key_pattern'] as const) {
      if (settings[field] !== undefined) {
        context.addIssue({ code: 'custom', path: [field], message: 'needs dedup "subject": with dedup "none" every mail is an alert of its own, so there is nothing to match' });
      }
    }
  });

type EmailSettings = z.output<typeof emailSettings>;

/** A received message, reduced to what becomes the alert (see email.parse.ts). */
export interface ReceivedMail {
  subject: string;
  /** The text body; an HTML-only message's HTML converted to text. */
  text: string;
  /** The sender's address: the From header's, else the envelope's. */
  from: string | undefined;
  to: string[];
  cc: string[];
  messageId: string | undefined;
  date: Date | undefined;
  attachments: Array<{ filename: string | undefined; contentType: string; size: number }>;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Reply and forward markers a mail client puts before a subject (English, German, Nordic, French). */
const REPLY_PREFIX = /^(?:re|fwd?|aw|wg|sv|vs|tr)\s*(?:\[\d+\])?\s*:\s*/i;

/** A key no longer than dedup keys may be: long ones are hashed, so two long subjects still differ. */
function boundedKey(key: string): string {
  return key.length <= DEDUP_KEY_MAX ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * The dedup key of a mail under `dedup: subject`: the part `dedup_key_pattern` picks out, else the subject
 * without reply prefixes and without what `resolve_subject_pattern` matched — so "RESOLVED: disk full on db-1"
 * finds the alert of "Disk full on db-1". Lower-cased, whitespace collapsed.
 */
export function subjectKey(subject: string, settings: EmailSettings): string {
  let key = oneLine(subject).slice(0, SUMMARY_MAX);
  const picked = settings.dedup_key_pattern ? compile(settings.dedup_key_pattern).exec(key) : null;
  if (picked) key = picked[1] ?? picked[0];
  else {
    if (settings.resolve_subject_pattern) key = key.replace(compile(settings.resolve_subject_pattern), ' ');
    let previous;
    do {
      previous = key;
      key = key.trim().replace(REPLY_PREFIX, '');
    } while (key !== previous);
  }
  return boundedKey(oneLine(key).toLowerCase() || '(no subject)');
}

/** One mail to one e-mail integration: one alert event (a trigger, or a resolve when its subject says so). */
export function mailToEvent(mail: ReceivedMail, settings: EmailSettings): AcceptedEvent {
  const subject = oneLine(mail.subject).slice(0, SUMMARY_MAX);
  const resolves = settings.resolve_subject_pattern !== undefined && compile(settings.resolve_subject_pattern).test(subject);
  const dedupKey =
    settings.dedup === 'subject' ? subjectKey(mail.subject, settings) : boundedKey(mail.messageId ? mail.messageId.replace(/^<|>$/g, '') : randomUUID());
  const body = mail.text.trim();
  return {
    kind: 'alert',
    action: resolves ? 'resolve' : 'trigger',
    dedupKey,
    payload: {
      summary: subject || `(no subject) from ${mail.from ?? 'an unknown sender'}`,
      ...(mail.from && { source: mail.from }),
      ...(settings.severity && { severity: settings.severity }),
      ...(mail.date && !Number.isNaN(mail.date.getTime()) && { timestamp: mail.date.toISOString() }),
      class: 'email',
      customDetails: {
        from: mail.from ?? null,
        to: mail.to,
        ...(mail.cc.length > 0 && { cc: mail.cc }),
        subject: mail.subject,
        message_id: mail.messageId ?? null,
        date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
        body: body.length > BODY_MAX ? body.slice(0, BODY_MAX) : body,
        ...(body.length > BODY_MAX && { body_truncated: true }),
        ...(mail.attachments.length > 0 && {
          attachments: mail.attachments.map((file) => ({ filename: file.filename ?? null, content_type: file.contentType, size: file.size })),
        }),
      },
      links: [],
      images: [],
    },
  };
}
