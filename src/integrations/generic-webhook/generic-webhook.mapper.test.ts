import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { applyMapping, compileMapping, compiledMappingOf, genericWebhookSettings, type Mapping } from './generic-webhook.mapping.ts';

/** A status page's webhook, as such tools post them. */
const sample = {
  incident: { id: 'inc-42', name: 'API latency above 2s', status: 'investigating', impact: 'major', url: 'https://status.example.com/incidents/42' },
  component: { name: 'api', host: 'api-1' },
  meta: { unsubscribe: 'https://status.example.com/unsub', generated_at: '2026-11-20T09:00:00Z' },
};

const mapping: Mapping = {
  summary: 'incident.name',
  severity: 'incident.impact',
  dedup_key: '"statuspage-" & incident.id',
  action: 'incident.status = "resolved" ? "resolve" : "trigger"',
  source: 'component.host',
  component: 'component.name',
  timestamp: 'meta.generated_at',
  links: '[{"href": incident.url, "text": "Status page"}]',
  custom_details: 'incident',
};

async function refusal(m: Mapping, body: unknown): Promise<AppError> {
  try {
    await applyMapping(compileMapping(m), body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the body was mapped');
}

describe('generic webhook mapping (JSONata)', () => {
  it('maps a sample body field by field', async () => {
    const { event, warnings } = await applyMapping(compileMapping(mapping), sample);
    expect(warnings).toEqual([]);
    expect(event).toEqual({
      kind: 'alert',
      action: 'trigger',
      dedupKey: 'statuspage-inc-42',
      payload: {
        summary: 'API latency above 2s',
        source: 'api-1',
        severity: 'error',
        timestamp: '2026-11-20T09:00:00.000Z',
        component: 'api',
        group: undefined,
        class: undefined,
        customDetails: sample.incident,
        links: [{ href: 'https://status.example.com/incidents/42', text: 'Status page' }],
        images: [],
        client: 'Generic webhook',
      },
    });
  });

  it('lets the action expression resolve, with the same dedup key', async () => {
    const resolved = { ...sample, incident: { ...sample.incident, status: 'resolved' } };
    const { event } = await applyMapping(compileMapping(mapping), resolved);
    expect(event).toMatchObject({ action: 'resolve', dedupKey: 'statuspage-inc-42' });
  });

  it('defaults: a fresh dedup key per trigger, the whole body as details, the default severity', async () => {
    const compiled = compileMapping({ summary: 'incident.name' });
    const first = await applyMapping(compiled, sample, 'warning');
    const second = await applyMapping(compiled, sample, 'warning');
    expect(first.event.dedupKey).not.toBe(second.event.dedupKey);
    expect(first.event.payload).toMatchObject({ severity: 'warning', source: 'generic webhook', customDetails: sample });
  });

  it('uses the default severity, with a warning, for a word that names no severity', async () => {
    const { event, warnings } = await applyMapping(compileMapping({ summary: 'incident.name', severity: 'incident.status' }), sample);
    expect((event.payload as { severity: string }).severity).toBe('critical');
    expect(warnings).toEqual(['mapping.severity: "investigating" names no severity; critical was used']);
  });

  it.each([
    ['a summary that finds nothing', { summary: 'nope' }, sample, 'mapping.summary', /evaluated to nothing/],
    ['a summary that is an object', { summary: 'incident' }, sample, 'mapping.summary', /an object; a string was expected/],
    ['a summary of several values', { summary: '[incident.id, incident.name]' }, sample, 'mapping.summary', /2 values/],
    ['an unknown action', { summary: 'incident.name', action: 'incident.status' }, sample, 'mapping.action', /"investigating"; it must be trigger, acknowledge or resolve/],
    ['a resolve without a dedup key', { summary: 'incident.name', action: '"resolve"' }, sample, 'mapping.dedup_key', /needed to resolve/],
    ['an expression that fails at run time', { summary: '$number("abc")' }, sample, 'mapping.summary', /JSONata error D3030/],
    ['a body that is not JSON', { summary: '"x"' }, undefined, 'body', /JSON object/],
  ])('refuses %s, naming the field', async (_name, m, body, field, message) => {
    const error = await refusal(m as Mapping, body);
    expect(error.statusCode).toBeGreaterThanOrEqual(400);
    expect(error.statusCode).toBeLessThan(500);
    expect(error.details[0]!.field).toBe(field);
    expect(error.details[0]!.message).toMatch(message);
  });

  it('stops an expression that loops forever, within a bound', async () => {
    const started = Date.now();
    const error = await refusal({ summary: '($f := function($n){ $n > 0 ? $f($n + 1) : $n }; $f(1))' }, sample);
    expect(error.details[0]).toMatchObject({ field: 'mapping.summary', message: expect.stringMatching(/D1012|D1011/) });
    expect(Date.now() - started).toBeLessThan(2_000);
    const huge = await refusal({ summary: '$string($count([1..1000000]))' }, sample);
    expect(huge.details[0]!.message).toMatch(/D2015|D2014/);
  });

  it('checks every expression when the settings are saved, naming the JSONata error and its position', () => {
    const result = genericWebhookSettings.safeParse({ mapping: { summary: 'incident.name', severity: 'incident.(impact' } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['mapping', 'severity']);
    expect(result.error!.issues[0]!.message).toMatch(/^JSONata error S0203 at position \d+: Expected "\)"/);
    expect(genericWebhookSettings.safeParse({ mapping: { severity: '"x"' } }).error!.issues[0]!.path).toEqual(['mapping', 'summary']);
    expect(genericWebhookSettings.safeParse({ mapping: { summary: 'a', sumary: 'b' } }).success).toBe(false);
  });

  it('recompiles a cached mapping when the saved mapping changes', async () => {
    const one = compiledMappingOf('integration-1', { summary: '"one"' });
    expect(compiledMappingOf('integration-1', { summary: '"one"' })).toBe(one);
    const two = compiledMappingOf('integration-1', { summary: '"two"' });
    expect(two).not.toBe(one);
    expect((await applyMapping(two, {})).event.payload).toMatchObject({ summary: 'two' });
  });

  it('maps any JSON body without throwing anything but a 4xx, with dedup keys stable for the same body (property)', async () => {
    const compiled = compileMapping({ summary: '$string(title)', dedup_key: '$string(id)', severity: 'level', links: 'url', custom_details: '$' });
    await fc.assert(
      fc.asyncProperty(fc.record({ title: fc.jsonValue(), id: fc.jsonValue(), level: fc.jsonValue(), url: fc.jsonValue() }, { requiredKeys: [] }), async (body) => {
        try {
          const first = await applyMapping(compiled, body);
          const second = await applyMapping(compiled, body);
          expect(first.event.dedupKey!.length).toBeLessThanOrEqual(255);
          if (body.id !== undefined && !(typeof body.id === 'string' && body.id.trim() === '')) expect(second.event.dedupKey).toBe(first.event.dedupKey);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).statusCode).toBeLessThan(500);
        }
      }),
      { numRuns: 300 },
    );
  });
});
