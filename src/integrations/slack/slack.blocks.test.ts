import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGE_ACTION, escapeMrkdwn, type IncidentCard, incidentChannelName, incidentMessage, RESOLVE_ACTION } from './slack.blocks.ts';

const card = (overrides: Partial<IncidentCard> = {}): IncidentCard => ({
  id: '8f14e45f-ceea-467f-a0e6-5c1b8a1e2f3a',
  number: 42,
  title: 'Checkout <p99> & errors',
  status: 'triggered',
  severity: 'critical',
  urgency: 'high',
  serviceName: 'Checkout',
  url: 'https://vigil.example.com/incidents/8f14e45f-ceea-467f-a0e6-5c1b8a1e2f3a',
  acknowledgedBy: null,
  resolvedBy: null,
  assignees: [],
  incidentChannelId: null,
  ...overrides,
});

const buttonsOf = (blocks: ReturnType<typeof incidentMessage>['blocks']) =>
  blocks.flatMap((block) => (block.type === 'actions' ? block.elements.map((element) => ('action_id' in element ? element.action_id : undefined)) : []));

describe('the incident message', () => {
  it('links the escaped title to Vigil and shows number, status, severity and service, with both buttons while triggered', () => {
    const { text, blocks } = incidentMessage(card());
    expect(JSON.stringify(blocks)).toContain('*<https://vigil.example.com/incidents/8f14e45f-ceea-467f-a0e6-5c1b8a1e2f3a|#42: Checkout &lt;p99&gt; &amp; errors>*');
    const fields = JSON.stringify(blocks[1]);
    for (const shown of ['*Status*\\nTriggered', '*Severity*\\nCritical', '*Service*\\nCheckout']) expect(fields).toContain(shown);
    expect(buttonsOf(blocks)).toEqual([ACKNOWLEDGE_ACTION, RESOLVE_ACTION]);
    expect(text).toBe('Triggered: #42 Checkout <p99> & errors (Checkout)');
  });

  it('says who acknowledged and keeps only Resolve; once resolved it says who resolved and has no buttons', () => {
    const acknowledged = incidentMessage(card({ status: 'acknowledged', acknowledgedBy: 'Rita <ops>', assignees: ['Rita'] }));
    expect(JSON.stringify(acknowledged.blocks)).toContain('Acknowledged by Rita &lt;ops&gt;');
    expect(JSON.stringify(acknowledged.blocks)).toContain('*Assigned to*\\nRita');
    expect(buttonsOf(acknowledged.blocks)).toEqual([RESOLVE_ACTION]);
    const resolved = incidentMessage(card({ status: 'resolved', acknowledgedBy: 'Rita', resolvedBy: 'Sam' }));
    expect(JSON.stringify(resolved.blocks)).toContain('Resolved by Sam');
    expect(resolved.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('links the incident channel once it exists and puts the intro of direct messages first', () => {
    const { blocks, text } = incidentMessage(card({ incidentChannelId: 'C0INC42' }), 'You are paged for incident #42.');
    expect(JSON.stringify(blocks)).toContain('<#C0INC42>');
    expect(JSON.stringify(blocks[0])).toContain('You are paged for incident #42.');
    expect(text.startsWith('You are paged for incident #42.')).toBe(true);
  });

  it('never lets a title break out of its link or exceed what Slack takes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (title) => {
        const { blocks } = incidentMessage(card({ title }));
        const heading = (blocks[0] as { text: { text: string } }).text.text;
        expect(heading.length).toBeLessThan(3000);
        expect(heading.slice(heading.indexOf('|') + 1, -2)).not.toMatch(/[<>]/);
      }),
    );
  });
});

describe('incident channel names', () => {
  it.each([
    [7, 'Checkout latency > 2s!', '', 'inc-7-checkout-latency-2s'],
    [12, 'Base de données saturée', '', 'inc-12-base-de-donnees-saturee'],
    [3, '???', '', 'inc-3'],
    [3, 'disk full', '-2', 'inc-3-disk-full-2'],
  ])('#%i %j%j → %s', (number, title, suffix, expected) => {
    expect(incidentChannelName(number, title, suffix)).toBe(expected);
  });

  it('always follows Slack rules: lowercase, digits, - and _, at most 80 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.string({ maxLength: 300 }), fc.constantFrom('', '-2', '-5'), (number, title, suffix) => {
        const name = incidentChannelName(number, title, suffix);
        expect(name).toMatch(/^inc-\d+([a-z0-9_-]*[a-z0-9])?$/);
        expect(name.length).toBeLessThanOrEqual(80);
      }),
    );
  });
});

it('escapes the three characters mrkdwn reserves', () => {
  expect(escapeMrkdwn('<@U1> & <!here>')).toBe('&lt;@U1&gt; &amp; &lt;!here&gt;');
});
