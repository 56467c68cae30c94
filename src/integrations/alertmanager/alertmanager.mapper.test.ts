import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { fromWebhookPayload, labelsFingerprint, severityOf } from './alertmanager.mapper.ts';
import { parseWebhookPayload, type WebhookPayload } from './alertmanager.schema.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/webhook-v4.json', import.meta.url), 'utf8')) as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
const copy = () => structuredClone(fixture);
const map = (body: unknown, fallback: 'critical' | 'error' | 'warning' | 'info' = 'error') => fromWebhookPayload(parseWebhookPayload(body), fallback);

/** The 400 a body gets: its fields and messages. */
function refusal(body: unknown): { status: number; code: string; details: Array<{ field: string; message: string }> } {
  try {
    parseWebhookPayload(body);
  } catch (error) {
    if (error instanceof AppError) return { status: error.statusCode, code: error.code, details: error.details };
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('Alertmanager webhook (version 4) to events', () => {
  it('maps the sample payload to one trigger and one resolve, keyed by fingerprint', () => {
    const [firing, resolved] = map(fixture);
    expect(firing).toEqual({
      kind: 'alert',
      action: 'trigger',
      dedupKey: '1a30ba71cca2921f',
      payload: {
        summary: 'Blackbox probe failure: https://shop.example.org',
        source: 'https://shop.example.org',
        severity: 'critical',
        timestamp: '2026-11-20T13:08:45.828Z',
        component: undefined,
        group: undefined,
        class: 'ProbeFailure',
        customDetails: {
          status: 'firing',
          labels: { alertname: 'ProbeFailure', instance: 'https://shop.example.org', severity: 'critical' },
          annotations: { summary: 'Blackbox probe failure: https://shop.example.org', description: 'HTTP probe has failed for 5 minutes' },
          startsAt: '2026-11-20T13:08:45.828Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: '1a30ba71cca2921f',
          groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
          receiver: 'vigil',
        },
        links: [
          { href: 'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0', text: 'Source (generator)' },
          { href: 'http://alertmanager.example.org:9093', text: 'Alertmanager' },
        ],
        images: [],
        client: 'Alertmanager',
        clientUrl: 'http://alertmanager.example.org:9093',
      },
    });
    expect(resolved).toMatchObject({ action: 'resolve', dedupKey: '8c21fb0fe1d1a5b2', payload: { customDetails: { status: 'resolved', endsAt: '2026-11-20T13:05:45.828Z' } } });
  });

  it('reads a payload captured from Alertmanager 0.25 (nanosecond startsAt, no severity label)', () => {
    const captured = JSON.parse(readFileSync(new URL('./fixtures/webhook-v4-captured-0.25.json', import.meta.url), 'utf8')) as unknown;
    expect(map(captured, 'warning')).toEqual([
      expect.objectContaining({
        action: 'trigger',
        dedupKey: '192604e846572154',
        payload: expect.objectContaining({ summary: 'hi', source: 'a', severity: 'warning', timestamp: '2026-11-25T14:58:51.489Z', class: 'Test', clientUrl: 'http://vm:19093' }),
      }),
    ]);
  });

  it('keys an alert without a fingerprint by its labels, whatever their order', () => {
    const body = copy();
    delete body.alerts[0]!['fingerprint'];
    const reordered = copy();
    delete reordered.alerts[0]!['fingerprint'];
    reordered.alerts[0]!['labels'] = { severity: 'critical', instance: 'https://shop.example.org', alertname: 'ProbeFailure' };
    const key = map(body)[0]!.dedupKey;
    expect(key).toMatch(/^labels:[0-9a-f]{32}$/);
    expect(map(reordered)[0]!.dedupKey).toBe(key);
    expect(labelsFingerprint({ alertname: 'ProbeFailure', instance: 'https://api.example.org' })).not.toBe(labelsFingerprint({ alertname: 'ProbeFailure', instance: 'https://shop.example.org' }));
  });

  it.each([
    ['critical', 'critical'],
    ['CRITICAL', 'critical'],
    ['page', 'critical'],
    ['error', 'error'],
    ['high', 'error'],
    ['major', 'error'],
    ['warning', 'warning'],
    [' Warn ', 'warning'],
    ['minor', 'warning'],
    ['info', 'info'],
    ['low', 'info'],
    ['none', 'info'],
  ] as const)('reads severity label %j as %s', (label, severity) => {
    expect(severityOf(label, 'error')).toBe(severity);
  });

  it("gives alerts with an unknown or missing severity label the integration's default", () => {
    expect(severityOf('sev2', 'warning')).toBe('warning');
    expect(severityOf(undefined, 'error')).toBe('error');
    const body = copy();
    delete (body.alerts[0]!['labels'] as Record<string, string>)['severity'];
    expect(map(body, 'info')[0]!.payload).toMatchObject({ severity: 'info' });
  });

  it('falls back from summary to description to the alert name with its identifying labels', () => {
    const body = copy();
    const alert = body.alerts[0]!;
    alert['annotations'] = { description: 'probe failed' };
    expect((map(body)[0]!.payload as { summary: string }).summary).toBe('probe failed');
    alert['annotations'] = {};
    alert['labels'] = { alertname: 'ProbeFailure', severity: 'critical', job: 'blackbox', instance: 'https://shop.example.org' };
    expect(map(body)[0]!.payload).toMatchObject({ summary: 'ProbeFailure (instance=https://shop.example.org, job=blackbox)', source: 'https://shop.example.org', group: 'blackbox' });
    delete alert['annotations'];
    alert['labels'] = { job: 'node' };
    expect(map(body)[0]!.payload).toMatchObject({ summary: 'Alertmanager alert (job=node)', source: 'node' });
  });

  it('cuts a long summary to 1,024 characters', () => {
    const body = copy();
    body.alerts[0]!['annotations'] = { summary: 'x'.repeat(5000) };
    const summary = (map(body)[0]!.payload as { summary: string }).summary;
    expect(summary).toHaveLength(1024);
    expect(summary.endsWith('…')).toBe(true);
  });

  it('takes the source from the external URL when the alert has neither instance nor job', () => {
    const body = copy();
    body.alerts[0]!['labels'] = { alertname: 'Watchdog' };
    expect(map(body)[0]!.payload).toMatchObject({ source: 'alertmanager.example.org:9093' });
  });

  it('shows only web URLs as links', () => {
    const body = copy();
    body.alerts[0]!['generatorURL'] = 'javascript:alert(1)';
    body['externalURL'] = 'not a url';
    expect(map(body)[0]!.payload).toMatchObject({ links: [] });
    expect(map(body)[0]!.payload).not.toHaveProperty('clientUrl');
  });

  it('reads nanosecond timestamps as Alertmanager writes them', () => {
    const body = copy();
    body.alerts[0]!['startsAt'] = '2026-11-20T13:08:45.828123456+01:00';
    expect(map(body)[0]!.payload).toMatchObject({ timestamp: '2026-11-20T12:08:45.828Z' });
  });
});

describe('Alertmanager webhook payloads that are refused', () => {
  const variants: Array<[string, (body: ReturnType<typeof copy>) => unknown, string]> = [
    ['another version', (b) => ({ ...b, version: '3' }), 'version'],
    ['a numeric version', (b) => ({ ...b, version: 4 }), 'version'],
    ['no alerts', (b) => ({ ...b, alerts: undefined }), 'alerts'],
    ['alerts that are not an array', (b) => ({ ...b, alerts: {} }), 'alerts'],
    ['an empty alerts array', (b) => ({ ...b, alerts: [] }), 'alerts'],
    ['an alert that is not an object', (b) => ({ ...b, alerts: [b.alerts[0], 'firing'] }), 'alerts[1]'],
    ['labels that are a string', (b) => ({ ...b, alerts: [b.alerts[0], { ...b.alerts[1], labels: 'alertname=x' }] }), 'alerts[1].labels'],
    ['a label value that is a number', (b) => ({ ...b, alerts: [{ ...b.alerts[0], labels: { alertname: 'x', code: 500 } }] }), 'alerts[0].labels.code'],
    ['an annotation that is null', (b) => ({ ...b, alerts: [{ ...b.alerts[0], annotations: { summary: null } }] }), 'alerts[0].annotations.summary'],
    ['an unknown alert status', (b) => ({ ...b, alerts: [{ ...b.alerts[0], status: 'pending' }] }), 'alerts[0].status'],
    ['a missing startsAt', (b) => ({ ...b, alerts: [{ ...b.alerts[0], startsAt: undefined }] }), 'alerts[0].startsAt'],
    ['a startsAt that is no date', (b) => ({ ...b, alerts: [{ ...b.alerts[0], startsAt: 'yesterday' }] }), 'alerts[0].startsAt'],
    ['an empty fingerprint', (b) => ({ ...b, alerts: [{ ...b.alerts[0], fingerprint: '' }] }), 'alerts[0].fingerprint'],
    ['a numeric generatorURL', (b) => ({ ...b, alerts: [{ ...b.alerts[0], generatorURL: 1 }] }), 'alerts[0].generatorURL'],
    ['commonLabels that are an array', (b) => ({ ...b, commonLabels: ['a'] }), 'commonLabels'],
    ['a body that is an array', (b) => [b], 'body'],
  ];

  it.each(variants)('refuses %s with a 400 naming %s', (_name, change, field) => {
    const refused = refusal(change(copy()));
    expect(refused.status).toBe(400);
    expect(refused.code).toBe('validation_failed');
    expect(refused.details.map((detail) => detail.field)).toContain(field);
  });

  it('names every bad alert, not only the first', () => {
    const body = copy();
    body.alerts[0]!['labels'] = 1;
    body.alerts[1]!['status'] = 'ok';
    expect(refusal(body).details.map((d) => d.field)).toEqual(['alerts[0].labels', 'alerts[1].status']);
  });

  it('says a body that is not JSON must be JSON (415)', () => {
    expect(refusal(undefined)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });
});

describe('Alertmanager mapper properties', () => {
  const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/);
  const labels = fc.dictionary(labelName, fc.string({ maxLength: 40 }), { maxKeys: 6 });
  const date = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  const alert = fc.record(
    {
      status: fc.constantFrom('firing' as const, 'resolved' as const),
      labels,
      annotations: fc.dictionary(fc.constantFrom('summary', 'description', 'runbook_url', 'message'), fc.string({ maxLength: 2000 })),
      startsAt: date,
      endsAt: date,
      generatorURL: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })),
      fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
    },
    { requiredKeys: ['status', 'labels', 'startsAt'] },
  );
  const payload = fc.record({
    version: fc.constant('4' as const),
    groupKey: fc.string({ maxLength: 60 }),
    status: fc.constantFrom('firing' as const, 'resolved' as const),
    receiver: fc.string({ maxLength: 20 }),
    externalURL: fc.oneof(fc.webUrl(), fc.constant('')),
    alerts: fc.array(alert, { minLength: 1, maxLength: 20 }),
  });

  it('maps each alert to one well-formed event, in order', () => {
    fc.assert(
      fc.property(payload, fc.constantFrom('critical' as const, 'error' as const, 'warning' as const, 'info' as const), (body: WebhookPayload, fallback) => {
        const events = map(JSON.parse(JSON.stringify(body)), fallback);
        expect(events).toHaveLength(body.alerts.length);
        events.forEach((event, index) => {
          const source = body.alerts[index]!;
          if (event.kind !== 'alert') throw new Error('not an alert event');
          expect(event.action).toBe(source.status === 'firing' ? 'trigger' : 'resolve');
          expect(event.dedupKey).toBe(source.fingerprint ?? labelsFingerprint(source.labels));
          expect(event.payload.summary!.length).toBeGreaterThan(0);
          expect(event.payload.summary!.length).toBeLessThanOrEqual(1024);
          expect(event.payload.source!.length).toBeGreaterThan(0);
          expect(['critical', 'error', 'warning', 'info']).toContain(event.payload.severity);
          if (source.labels['severity'] === undefined) expect(event.payload.severity).toBe(fallback);
          expect(event.payload.customDetails).toMatchObject({ labels: source.labels, status: source.status });
          for (const link of event.payload.links) expect(link.href).toMatch(/^https?:/);
          expect(Date.parse(event.payload.timestamp!)).toBe(Date.parse(source.startsAt));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any other JSON with a 4xx naming a field, never anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (body) => {
        try {
          parseWebhookPayload(body);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).statusCode).toBe(400);
          expect((error as AppError).details.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
