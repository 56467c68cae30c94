import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrationKeyOf } from './email-address.ts';
import { emailSettings, mailToEvent, type ReceivedMail, subjectKey } from './email.mapper.ts';
import { readMail } from './email.parse.ts';

const mail = (overrides: Partial<ReceivedMail> = {}): ReceivedMail => ({
  subject: 'Disk full on db-1',
  text: 'Only 2% left on /var.\n',
  from: 'nagios@monitor.example.org',
  to: ['k3y@alerts.example.com'],
  cc: [],
  messageId: '<20260301.1@monitor.example.org>',
  date: new Date('2026-03-01T10:00:00Z'),
  attachments: [],
  ...overrides,
});
const settings = (given: Record<string, unknown> = {}) => emailSettings.parse(given);
const bySubject = settings({ dedup: 'subject', resolve_subject_pattern: '^(RESOLVED|OK)\\s*:' });

describe('e-mail → alert event', () => {
  it('takes the subject as summary, the sender as source, and the rest as details', () => {
    expect(mailToEvent(mail(), settings({ severity: 'warning' }))).toEqual({
      kind: 'alert',
      action: 'trigger',
      dedupKey: '20260301.1@monitor.example.org',
      payload: {
        summary: 'Disk full on db-1',
        source: 'nagios@monitor.example.org',
        severity: 'warning',
        timestamp: '2026-03-01T10:00:00.000Z',
        class: 'email',
        customDetails: {
          from: 'nagios@monitor.example.org',
          to: ['k3y@alerts.example.com'],
          subject: 'Disk full on db-1',
          message_id: '<20260301.1@monitor.example.org>',
          date: '2026-03-01T10:00:00.000Z',
          body: 'Only 2% left on /var.',
        },
        links: [],
        images: [],
      },
    });
  });

  it('opens a new alert for every mail by default, even with the same subject', () => {
    const first = mailToEvent(mail({ messageId: undefined }), settings());
    const second = mailToEvent(mail({ messageId: undefined }), settings());
    expect(first.dedupKey).not.toBe(second.dedupKey);
    // …but the same message delivered twice (a sender retrying) is the same alert.
    expect(mailToEvent(mail(), settings()).dedupKey).toBe(mailToEvent(mail(), settings()).dedupKey);
  });

  it('collapses whitespace in the subject and cuts it at 1024 characters; no subject says who sent it', () => {
    expect(mailToEvent(mail({ subject: '  Disk\n\tfull  ' }), settings()).payload.summary).toBe('Disk full');
    expect(mailToEvent(mail({ subject: 'x'.repeat(5000) }), settings()).payload.summary).toHaveLength(1024);
    expect(mailToEvent(mail({ subject: '' }), settings()).payload.summary).toBe('(no subject) from nagios@monitor.example.org');
  });

  it('lists attachments and truncates a very long body', () => {
    const event = mailToEvent(mail({ text: 'y'.repeat(70_000), attachments: [{ filename: 'graph.png', contentType: 'image/png', size: 1234 }] }), settings());
    const details = event.payload.customDetails as Record<string, unknown>;
    expect((details['body'] as string).length).toBe(64 * 1024);
    expect(details['body_truncated']).toBe(true);
    expect(details['attachments']).toEqual([{ filename: 'graph.png', content_type: 'image/png', size: 1234 }]);
  });

  it('with dedup "subject", groups mail by its normalised subject and resolves on the resolve pattern', () => {
    const opened = mailToEvent(mail({ subject: 'Disk full on db-1' }), bySubject);
    const again = mailToEvent(mail({ subject: 'RE: Fwd:  disk FULL on db-1' }), bySubject);
    const resolved = mailToEvent(mail({ subject: 'RESOLVED: Disk full on db-1' }), bySubject);
    const ok = mailToEvent(mail({ subject: 'ok:disk full on db-1' }), bySubject);
    expect(opened).toMatchObject({ action: 'trigger', dedupKey: 'disk full on db-1' });
    expect(again).toMatchObject({ action: 'trigger', dedupKey: 'disk full on db-1' });
    expect(resolved).toMatchObject({ action: 'resolve', dedupKey: 'disk full on db-1' });
    expect(ok).toMatchObject({ action: 'resolve', dedupKey: 'disk full on db-1' });
    expect(mailToEvent(mail({ subject: 'Disk full on db-2' }), bySubject).dedupKey).toBe('disk full on db-2');
  });

  it('picks the dedup key out of the subject with dedup_key_pattern (Alertmanager e-mail subjects)', () => {
    const alertmanager = settings({ dedup: 'subject', dedup_key_pattern: '^\\[(?:FIRING:\\d+|RESOLVED)\\]\\s*(.+)$', resolve_subject_pattern: '^\\[RESOLVED\\]' });
    const firing = mailToEvent(mail({ subject: '[FIRING:2] InstanceDown (job=node)' }), alertmanager);
    const resolved = mailToEvent(mail({ subject: '[RESOLVED] InstanceDown (job=node)' }), alertmanager);
    expect(firing).toMatchObject({ action: 'trigger', dedupKey: 'instancedown (job=node)' });
    expect(resolved).toMatchObject({ action: 'resolve', dedupKey: 'instancedown (job=node)' });
    const nagios = settings({ dedup: 'subject', dedup_key_pattern: 'Alert: (\\S+)', resolve_subject_pattern: '\\bRECOVERY\\b' });
    expect(mailToEvent(mail({ subject: '** PROBLEM Service Alert: web-1/HTTP is CRITICAL **' }), nagios)).toMatchObject({ action: 'trigger', dedupKey: 'web-1/http' });
    expect(mailToEvent(mail({ subject: '** RECOVERY Service Alert: web-1/HTTP is OK **' }), nagios)).toMatchObject({ action: 'resolve', dedupKey: 'web-1/http' });
  });

  it('hashes dedup keys that would be longer than 255 characters', () => {
    const key = subjectKey('z'.repeat(600), bySubject);
    expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(subjectKey('z'.repeat(601), bySubject)).not.toBe(key);
  });

  it('never fails and keeps its bounds, whatever the subject and body', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.string({ maxLength: 2000 }), fc.constantFrom(settings(), bySubject), (subject, text, chosen) => {
        const event = mailToEvent(mail({ subject, text }), chosen);
        expect(event.dedupKey!.length).toBeLessThanOrEqual(255);
        expect(event.dedupKey!.length).toBeGreaterThan(0);
        expect((event.payload.summary ?? '').length).toBeLessThanOrEqual(1024);
        expect(event.payload.summary).not.toBe('');
      }),
    );
  });

  it('gives the same key to subjects that differ only in case, spacing and reply prefixes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9 :-]{0,60}$/), fc.constantFrom('', 'Re: ', 'FWD: ', 'Re: Re: '), (subject, prefix) => {
        const variant = `${prefix}  ${subject.toUpperCase().replace(/ /g, '   ')} `;
        expect(subjectKey(variant, bySubject)).toBe(subjectKey(subject, bySubject));
      }),
    );
  });
});

describe('e-mail integration settings', () => {
  it('default to a new alert per mail', () => {
    expect(emailSettings.parse({})).toEqual({ dedup: 'none' });
  });

  it.each([
    [{ dedup: 'subject', resolve_subject_pattern: '(unclosed' }, 'resolve_subject_pattern', 'must be a valid regular expression'],
    [{ dedup: 'subject', dedup_key_pattern: '[' }, 'dedup_key_pattern', 'must be a valid regular expression'],
    [{ dedup: 'subject', resolve_subject_pattern: 'a'.repeat(501) }, 'resolve_subject_pattern', ''],
    [{ resolve_subject_pattern: '^RESOLVED' }, 'resolve_subject_pattern', 'needs dedup "subject"'],
    [{ dedup: 'message' }, 'dedup', ''],
    [{ severity: 'page' }, 'severity', ''],
    [{ dedupe: 'subject' }, '', ''],
  ])('refuse %j, naming %s', (given, field, says) => {
    const result = emailSettings.safeParse(given);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues[0]!.path.join('.')).toBe(field);
      expect(result.error.issues[0]!.message).toContain(says);
    }
  });
});

describe('integration addresses', () => {
  it.each([
    ['abc123@alerts.example.com', 'abc123'],
    ['ABC123@Alerts.Example.COM', 'abc123'],
    ['abc123@other.example.com', undefined],
    ['abc.123@alerts.example.com', undefined],
    ['@alerts.example.com', undefined],
    ['abc123', undefined],
  ])('%s → %s', (address, key) => {
    expect(integrationKeyOf(address, 'alerts.example.com')).toBe(key);
  });
});

describe('reading MIME', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'));

  it('decodes the subject and turns an HTML-only body into text', async () => {
    const received = await readMail(
      crlf([
        'From: "Monitor" <mon@example.org>',
        'To: k3y@alerts.example.com, ops@example.org',
        'Cc: lead@example.org',
        'Subject: =?UTF-8?Q?Disk_full_=E2=80=94_db-1?=',
        'Message-ID: <m1@example.org>',
        'Date: Sun, 1 Mar 2026 10:00:00 +0000',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><body><h1>Alert</h1><p>Disk <b>full</b> on db-1</p></body></html>',
        '',
      ]),
      'bounce@example.org',
    );
    expect(received).toMatchObject({
      subject: 'Disk full — db-1',
      from: 'mon@example.org',
      to: ['k3y@alerts.example.com', 'ops@example.org'],
      cc: ['lead@example.org'],
      messageId: '<m1@example.org>',
      date: new Date('2026-03-01T10:00:00Z'),
      attachments: [],
    });
    expect(received.text).toMatch(/ALERT\s+Disk full on db-1/);
  });

  it('prefers the text part, lists attachments, and falls back to the envelope sender', async () => {
    const received = await readMail(
      crlf([
        'To: k3y@alerts.example.com',
        'Subject: backup failed',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: multipart/alternative; boundary="b2"',
        '',
        '--b2',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'exit code 2',
        '--b2',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>exit code <b>2</b></p>',
        '--b2--',
        '--b1',
        'Content-Type: text/plain; name="backup.log"',
        'Content-Disposition: attachment; filename="backup.log"',
        '',
        'tar: error',
        '--b1--',
        '',
      ]),
      'cron@host.example.org',
    );
    expect(received.text.trim()).toBe('exit code 2');
    expect(received.from).toBe('cron@host.example.org');
    expect(received.attachments).toEqual([{ filename: 'backup.log', contentType: 'text/plain', size: expect.any(Number) }]);
  });
});
