import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromAlertAction, fromCreateAlert } from './opsgenie.mapper.ts';
import { alertActionBody, createAlertBody } from './opsgenie.schema.ts';

/** The create-alert request of Opsgenie's Alert API documentation. */
const documented = {
  message: 'An example alert message',
  alias: 'Life is too short for no alias',
  description: 'Every alert needs a description',
  responders: [
    { id: '4513b7ea-3b91-438f-b7e4-e3e54af9147c', type: 'team' },
    { name: 'NOC', type: 'team' },
  ],
  visibleTo: [{ id: '4513b7ea-3b91-438f-b7e4-e3e54af9147c', type: 'team' }],
  actions: ['Restart', 'AnExampleAction'],
  tags: ['OverwriteQuietHours', 'Critical'],
  details: { key1: 'value1', key2: 'value2' },
  entity: 'An example entity',
  priority: 'P1',
};

const parse = (body: unknown) => createAlertBody.parse(body);

describe('Opsgenie Alert API mapper', () => {
  it('maps the documented create request: alias as dedup key, P1 as critical, entity as source', () => {
    expect(fromCreateAlert(parse(documented))).toEqual({
      kind: 'alert',
      action: 'trigger',
      dedupKey: 'Life is too short for no alias',
      payload: {
        summary: 'An example alert message',
        source: 'An example entity',
        severity: 'critical',
        component: 'An example entity',
        customDetails: {
          description: 'Every alert needs a description',
          details: { key1: 'value1', key2: 'value2' },
          tags: ['OverwriteQuietHours', 'Critical'],
          actions: ['Restart', 'AnExampleAction'],
          entity: 'An example entity',
          priority: 'P1',
        },
        links: [],
        images: [],
        client: 'Opsgenie API',
      },
    });
  });

  it.each([
    ['P1', 'critical'],
    ['P2', 'error'],
    ['P3', 'warning'],
    ['P4', 'info'],
    ['P5', 'info'],
    [undefined, 'warning'],
  ])('maps priority %s to %s (P3 when absent, as Opsgenie)', (priority, severity) => {
    expect(fromCreateAlert(parse({ message: 'm', priority })).payload).toMatchObject({ severity });
  });

  it('makes up an alias when none is given, as Opsgenie does, so each such alert is new', () => {
    expect(fromCreateAlert(parse({ message: 'm' })).dedupKey).not.toBe(fromCreateAlert(parse({ message: 'm' })).dedupKey);
  });

  it('keeps the first 20 tags and 10 actions, shortened to 50 characters, as Opsgenie does', () => {
    const event = fromCreateAlert(parse({ message: 'm', tags: Array.from({ length: 25 }, (_, i) => `${i}`.padEnd(60, 'x')), actions: Array.from({ length: 12 }, (_, i) => `a${i}`) }));
    const details = event.payload as { customDetails: { tags: string[]; actions: string[] } };
    expect(details.customDetails.tags).toHaveLength(20);
    expect(details.customDetails.tags[0]).toHaveLength(50);
    expect(details.customDetails.actions).toHaveLength(10);
  });

  it('maps close and acknowledge to resolve and acknowledge for the alias, keeping user, source and note', () => {
    const body = alertActionBody.parse({ user: 'Monitoring Script', source: 'AWS Lambda', note: 'Action executed via Alert API' });
    expect(fromAlertAction('resolve', 'a1', body)).toEqual({
      kind: 'alert',
      action: 'resolve',
      dedupKey: 'a1',
      payload: { source: 'AWS Lambda', customDetails: { user: 'Monitoring Script', source: 'AWS Lambda', note: 'Action executed via Alert API' }, links: [], images: [], client: 'AWS Lambda' },
    });
    expect(fromAlertAction('acknowledge', 'a1', undefined)).toMatchObject({ action: 'acknowledge', dedupKey: 'a1', payload: { customDetails: undefined } });
  });

  it.each([
    ['no message', {}, 'message'],
    ['an empty message', { message: '   ' }, 'message'],
    ['a message over 130 characters', { message: 'x'.repeat(131) }, 'message'],
    ['an alias over 512 characters', { message: 'm', alias: 'a'.repeat(513) }, 'alias'],
    ['an unknown priority', { message: 'm', priority: 'P0' }, 'priority'],
    ['details that are not strings', { message: 'm', details: { a: 1 } }, 'details.a'],
    ['a source over 100 characters', { message: 'm', source: 's'.repeat(101) }, 'source'],
  ])('refuses %s, naming the field', (_name, body, field) => {
    const result = createAlertBody.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });

  it('maps any valid create request without throwing, its alias always the dedup key (property)', () => {
    const request = fc.record(
      {
        message: fc.string({ minLength: 1, maxLength: 130 }).filter((m) => m.trim().length > 0),
        alias: fc.string({ minLength: 1, maxLength: 512 }).filter((a) => a.trim().length > 0),
        description: fc.string({ maxLength: 200 }),
        priority: fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5'),
        details: fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 })),
        tags: fc.array(fc.string({ maxLength: 60 }), { maxLength: 30 }),
        entity: fc.string({ maxLength: 512 }),
        source: fc.string({ maxLength: 100 }),
      },
      { requiredKeys: ['message', 'alias'] },
    );
    fc.assert(
      fc.property(request, (body) => {
        const event = fromCreateAlert(parse(body));
        expect(event.dedupKey).toBe(body.alias);
        expect(fromAlertAction('resolve', body.alias, undefined).dedupKey).toBe(event.dedupKey);
        expect((event.payload as { summary: string }).summary).toBe(body.message.trim());
      }),
    );
  });
});
