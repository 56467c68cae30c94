import { describe, expect, it } from 'vitest';
import type { OutgoingNotification } from '../../ports/notification-channel.ts';
import { emailSubject, renderIncidentEmail } from './email.render.ts';

const message: OutgoingNotification = {
  orgId: '00000000-0000-4000-8000-000000000001',
  notificationId: '00000000-0000-4000-8000-000000000002',
  address: 'alice@example.com',
  incident: {
    id: '00000000-0000-4000-8000-000000000003',
    number: 42,
    title: 'CPU <high> & "hot"',
    status: 'triggered',
    urgency: 'high',
    serviceName: 'Checkout <prod>',
    url: 'https://vigil.example.com/incidents/00000000-0000-4000-8000-000000000003',
  },
  recipient: { id: '00000000-0000-4000-8000-000000000004', name: 'Alice <admin>' },
  actions: { acknowledge: 'https://vigil.example.com/actions/a.b.c?x=1&y=2', resolve: 'https://vigil.example.com/actions/d.e.f' },
};

describe('the incident e-mail', () => {
  it('has the subject [Vigil] #<number> <title>', () => {
    expect(emailSubject(message)).toBe('[Vigil] #42 CPU <high> & "hot"');
  });

  it('keeps the subject on one line and bounded, whatever the title', () => {
    const subject = emailSubject({ incident: { ...message.incident, title: 'first\r\nBcc: victim@example.com\nthird' } });
    expect(subject).toBe('[Vigil] #42 first Bcc: victim@example.com third');
    const long = emailSubject({ incident: { ...message.incident, title: 'x'.repeat(500) } });
    expect(long.length).toBeLessThan(170);
    expect(long.endsWith('…')).toBe(true);
  });

  it('gives the incident link and both action links in the text', () => {
    const { text } = renderIncidentEmail(message);
    expect(text).toContain(`Open the incident: ${message.incident.url}`);
    expect(text).toContain(`Acknowledge: ${message.actions.acknowledge}`);
    expect(text).toContain(`Resolve: ${message.actions.resolve}`);
    expect(text).toContain('Service: Checkout <prod>');
  });

  it('escapes everything that came from outside in the HTML', () => {
    const { html } = renderIncidentEmail(message);
    expect(html).toContain('CPU &lt;high&gt; &amp; &quot;hot&quot;');
    expect(html).toContain('Checkout &lt;prod&gt;');
    expect(html).toContain('Alice &lt;admin&gt;');
    expect(html).toContain('href="https://vigil.example.com/actions/a.b.c?x=1&amp;y=2"');
    expect(html).not.toContain('<high>');
  });

  it('marks itself as automatic and names the incident and notification', () => {
    expect(renderIncidentEmail(message).headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Vigil-Incident-Id': message.incident.id,
      'X-Vigil-Notification-Id': message.notificationId,
    });
  });
});
