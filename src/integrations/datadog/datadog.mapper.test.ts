import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { fromDatadogWebhook, parseTitle } from './datadog.mapper.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const defaultPayload = () => fixture('datadog-webhook-default.json');
const templatePayload = () => fixture('datadog-webhook-vigil-template.json');

describe('Datadog webhook mapper', () => {
  it('maps the default template: transition and dedup key from the title', () => {
    expect(fromDatadogWebhook(defaultPayload())).toEqual({
      kind: 'alert',
      action: 'trigger',
      dedupKey: 'title:High CPU on web-3',
      payload: {
        summary: 'High CPU on web-3',
        source: 'Example Org',
        severity: 'critical',
        timestamp: '2025-11-20T09:20:00.000Z',
        component: undefined,
        group: 'Example Org',
        class: 'metric_alert_monitor',
        customDetails: {
          message: 'CPU above 90% on web-3 for 10 minutes',
          title: '[Triggered] High CPU on web-3',
          transition: 'triggered',
          event_type: 'metric_alert_monitor',
          event_id: '7418529630',
          org: { id: '123456', name: 'Example Org' },
        },
        links: [],
        images: [],
        client: 'Datadog',
        clientUrl: undefined,
      },
    });
  });

  it('resolves the default template\'s [Recovered] notification of the same monitor', () => {
    const recovered = { ...defaultPayload(), title: '[Recovered] High CPU on web-3', id: '7418529699' };
    expect(fromDatadogWebhook(recovered)).toMatchObject({ action: 'resolve', dedupKey: 'title:High CPU on web-3' });
  });

  it('maps the recommended template: aggregation key, priority, scope, links and snapshot', () => {
    const event = fromDatadogWebhook(templatePayload());
    expect(event).toMatchObject({
      action: 'trigger',
      dedupKey: '9bd4ac313a4d1e8fae2482df7b77628',
      payload: {
        summary: 'High CPU (host:web-3)',
        source: 'web-3',
        severity: 'error',
        component: 'system.cpu.user',
        links: [
          { href: 'https://app.datadoghq.com/event/event?id=7418529631', text: 'Datadog event' },
          { href: 'https://p.datadoghq.com/snapshot/view/dd-snapshots-prod/org_123456/2026-11-20/abc.png', text: 'Snapshot' },
        ],
        images: [{ src: 'https://p.datadoghq.com/snapshot/view/dd-snapshots-prod/org_123456/2026-11-20/abc.png', alt: 'Datadog snapshot', href: 'https://app.datadoghq.com/event/event?id=7418529631' }],
        customDetails: { tags: ['env:prod', 'host:web-3', 'role:web'], monitor_id: '98765', scope: 'host:web-3', priority: 'P2' },
      },
    });
  });

  it.each([
    ['Recovered', 'resolve', 'critical'],
    ['Re-Triggered', 'trigger', 'critical'],
    ['Warn', 'trigger', 'warning'],
    ['No Data', 'trigger', 'error'],
    ['Renotify', 'trigger', 'critical'],
  ])('takes transition %s as %s (severity %s without a priority)', (transition, action, severity) => {
    const body = { ...templatePayload(), title: 'High CPU', alert_transition: transition, alert_priority: '', alert_type: '' };
    expect(fromDatadogWebhook(body)).toMatchObject({ action, payload: { severity } });
  });

  it('falls back to the monitor id and scope for the dedup key, and ignores unfilled variables', () => {
    const body = { ...templatePayload(), aggregate: '$AGGREG_KEY' };
    expect(fromDatadogWebhook(body).dedupKey).toBe('monitor:98765:host:web-3');
  });

  it('reads priority, transition and scope from a title', () => {
    expect(parseTitle('[P1] [Re-Triggered on {host:a,env:prod}] Disk [sda] full')).toEqual({ priority: 'P1', transition: 'Re-Triggered', scope: 'host:a,env:prod', name: 'Disk [sda] full' });
    expect(parseTitle('[Warn] x')).toEqual({ transition: 'Warn', name: 'x' });
  });

  it.each([
    ['a body that is not an object', 'x', 'body'],
    ['no title', { body: 'x' }, 'title'],
    ['an empty title', { title: '  ' }, 'title'],
    ['a title that is an object', { title: { a: 1 } }, 'title'],
    ['an org that is a list', { title: 'a', org: [1] }, 'org'],
  ])('refuses %s with a 400 naming the field', (_name, body, field) => {
    let error: unknown;
    try {
      fromDatadogWebhook(body);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).statusCode).toBe(400);
    expect((error as AppError).details.map((d) => d.field)).toContain(field);
  });

  it('maps any payload of template fields without throwing, with a dedup key stable across transitions (property)', () => {
    const word = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(
        fc.record({ name: word.filter((s) => s.trim().length > 0), scope: fc.option(fc.stringMatching(/^[\w:./, -]{1,40}$/), { nil: undefined }), aggregate: fc.option(word, { nil: undefined }), alert_id: fc.option(fc.nat().map(String), { nil: undefined }), priority: fc.constantFrom('', 'P1', 'P3', 'P5', 'x') }),
        fc.constantFrom('Triggered', 'Re-Triggered', 'Warn', 'No Data', 'Renotify'),
        ({ name, scope, aggregate, alert_id, priority }, transition) => {
          const prefix = (t: string) => `[${t}${scope ? ` on {${scope}}` : ''}] ${name}`;
          const body = (t: string) => ({ title: prefix(t), aggregate, alert_id, alert_priority: priority, alert_scope: scope });
          const opened = fromDatadogWebhook(body(transition));
          const closed = fromDatadogWebhook(body('Recovered'));
          expect(opened.action).toBe('trigger');
          expect(closed.action).toBe('resolve');
          expect(closed.dedupKey).toBe(opened.dedupKey);
          expect(opened.dedupKey!.length).toBeLessThanOrEqual(255);
          expect(['critical', 'error', 'warning', 'info']).toContain((opened.payload as { severity: string }).severity);
        },
      ),
    );
  });
});
