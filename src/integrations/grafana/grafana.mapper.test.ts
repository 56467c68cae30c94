import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { severityFromWord } from '../alert-fields.ts';
import { fromGrafanaWebhook } from './grafana.mapper.ts';

const fixture = () => JSON.parse(readFileSync(new URL('../../../test/fixtures/grafana-webhook-v1.json', import.meta.url), 'utf8')) as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };

function refusal(body: unknown): AppError {
  try {
    fromGrafanaWebhook(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the payload was accepted');
}

describe('Grafana alerting webhook mapper', () => {
  it('maps the firing alert of the documented payload to a trigger keyed by its fingerprint', () => {
    expect(fromGrafanaWebhook(fixture())).toEqual([
      {
        kind: 'alert',
        action: 'trigger',
        dedupKey: '57c6d9296de2ad39',
        payload: {
          summary: 'Disk on db-1 is 91% full',
          source: 'db-1',
          severity: 'warning',
          timestamp: '2026-11-20T09:00:00.000Z',
          component: undefined,
          group: 'Infra',
          class: 'DiskAlmostFull',
          customDetails: {
            status: 'firing',
            labels: { alertname: 'DiskAlmostFull', grafana_folder: 'Infra', instance: 'db-1', severity: 'warning' },
            annotations: { summary: 'Disk on db-1 is 91% full' },
            values: { A: 91.2 },
            starts_at: '2026-11-20T09:00:00Z',
          },
          links: [
            { href: 'https://grafana.example.org/alerting/grafana/abc123/view', text: 'Alert rule' },
            { href: 'https://grafana.example.org/d/infra', text: 'Dashboard' },
            { href: 'https://grafana.example.org/d/infra?viewPanel=3', text: 'Panel' },
            { href: 'https://grafana.example.org/alerting/silence/new?matcher=alertname%3DDiskAlmostFull', text: 'Silence' },
          ],
          images: [],
          client: 'Grafana',
          clientUrl: 'https://grafana.example.org/',
        },
      },
    ]);
  });

  it('resolves a resolved alert with the same dedup key, stamped with its end', () => {
    const body = fixture();
    body.alerts[0] = { ...body.alerts[0], status: 'resolved', endsAt: '2026-11-20T09:30:00Z' };
    const [event] = fromGrafanaWebhook(body);
    expect(event).toMatchObject({ action: 'resolve', dedupKey: '57c6d9296de2ad39', payload: { timestamp: '2026-11-20T09:30:00.000Z' } });
  });

  it('makes one event per alert, and keeps imageURL as an image and runbook_url as a link', () => {
    const body = fixture();
    const second = { ...body.alerts[0], fingerprint: 'aaaa', labels: { alertname: 'CPU', instance: 'web-1' }, annotations: { runbook_url: 'https://runbooks.example/cpu' }, imageURL: 'https://grafana.example.org/img/1.png' };
    body.alerts.push(second);
    const events = fromGrafanaWebhook(body);
    expect(events.map((e) => e.dedupKey)).toEqual(['57c6d9296de2ad39', 'aaaa']);
    const payload = events[1]!.payload as { summary: string; severity: string; links: unknown[]; images: unknown[] };
    expect(payload.summary).toBe('CPU on web-1');
    expect(payload.severity).toBe('critical');
    expect(payload.links).toContainEqual({ href: 'https://runbooks.example/cpu', text: 'Runbook' });
    expect(payload.images).toEqual([{ src: 'https://grafana.example.org/img/1.png', alt: 'CPU on web-1', href: 'https://grafana.example.org/d/infra?viewPanel=3' }]);
  });

  it('takes the default severity setting when the label names none, and maps common severity words', () => {
    const body = fixture();
    body.alerts[0] = { ...body.alerts[0], labels: { alertname: 'X', severity: 'whatever' } };
    expect(fromGrafanaWebhook(body, 'info')[0]!.payload).toMatchObject({ severity: 'info' });
    expect(['P1', 'crit', 'High', 'warn', 'minor', 'Information', 'page'].map(severityFromWord)).toEqual(['critical', 'critical', 'error', 'warning', 'warning', 'info', 'critical']);
  });

  it('leaves out empty and non-http URLs (Grafana sends "" for an alert without a dashboard)', () => {
    const body = fixture();
    body.alerts[0] = { ...body.alerts[0], dashboardURL: '', panelURL: 'javascript:alert(1)' };
    const links = (fromGrafanaWebhook(body)[0]!.payload as { links: Array<{ text: string }> }).links;
    expect(links.map((l) => l.text)).toEqual(['Alert rule', 'Silence']);
  });

  it.each([
    ['a body that is not an object', 'nope', 'body'],
    ['no alerts', { ...fixture(), alerts: [] }, 'alerts'],
    ['an alert without a fingerprint', { ...fixture(), alerts: [{ status: 'firing', labels: {} }] }, 'alerts.0.fingerprint'],
    ['an unknown status', { ...fixture(), alerts: [{ ...fixture().alerts[0], status: 'pending' }] }, 'alerts.0.status'],
    ['a label that is not a string', { ...fixture(), alerts: [{ ...fixture().alerts[0], labels: { severity: 3 } }] }, 'alerts.0.labels.severity'],
    ['a legacy alerting payload', { ruleId: 1, state: 'alerting', evalMatches: [] }, 'alerts'],
  ])('refuses %s with a 400 naming the field', (_name, body, field) => {
    const error = refusal(body);
    expect(error.statusCode).toBe(400);
    expect(error.details.map((d) => d.field)).toContain(field);
  });

  it('maps any well-formed payload without throwing, with dedup keys that are the fingerprints (property)', () => {
    const label = fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), { maxKeys: 6 });
    const alert = fc.record({
      status: fc.constantFrom('firing', 'resolved'),
      labels: label,
      annotations: label,
      fingerprint: fc.string({ minLength: 1, maxLength: 300 }),
      startsAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 })),
      endsAt: fc.constant('0001-01-01T00:00:00Z'),
      generatorURL: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })),
      values: fc.dictionary(fc.string({ maxLength: 5 }), fc.double()),
    });
    fc.assert(
      fc.property(fc.array(alert, { minLength: 1, maxLength: 5 }), fc.string({ maxLength: 50 }), (alerts, title) => {
        const events = fromGrafanaWebhook({ alerts, title });
        const again = fromGrafanaWebhook({ alerts, title });
        expect(events.map((e) => e.dedupKey)).toEqual(again.map((e) => e.dedupKey));
        events.forEach((event, i) => {
          expect(event.action).toBe(alerts[i]!.status === 'firing' ? 'trigger' : 'resolve');
          expect(event.dedupKey!.length).toBeLessThanOrEqual(255);
          if (alerts[i]!.fingerprint.length <= 255) expect(event.dedupKey).toBe(alerts[i]!.fingerprint);
          const payload = event.payload as { summary: string; source: string };
          expect(payload.summary.length).toBeGreaterThan(0);
          expect(payload.summary.length).toBeLessThanOrEqual(1024);
          expect(payload.source.length).toBeLessThanOrEqual(255);
        });
      }),
    );
  });
});
