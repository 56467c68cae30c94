import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOutboxMailer } from '../../src/adapters/mail-outbox/outbox.mailer.ts';
import { notifyModule } from '../../src/modules/notify/notify.module.ts';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { deliverJob, notificationRow, pathOf, scheduleNotification, triggeredIncident, userIdOf } from '../notify-fixtures.ts';

const password = 'correct horse battery staple';

describeEachStore('the mail outbox (no SMTP_URL)', (kind) => {
  let t: TestVigil;
  let org: { token: string; orgId: string; email: string; userId: string };
  const logLines: string[] = [];
  let notify: ReturnType<typeof notifyModule>;

  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_PUBLIC_URL: 'https://vigil.example.com' } });
    const created = await newOrganisation(t);
    org = { ...created, userId: await userIdOf(t, created.token) };
    const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    notify = notifyModule({ ...t.vigil.deps, log }, { mailer: createOutboxMailer(t.vigil.deps.store, t.vigil.deps.clock, log) });
  });
  afterAll(() => t.stop());

  it('is where mail goes by default', () => {
    expect(notifyModule(t.vigil.deps).mailer.kind).toBe('outbox');
  });

  it('keeps each mail for the organisation’s admins, newest first, and logs recipient and subject but never the links', async () => {
    const incidents = [];
    for (let i = 0; i < 3; i += 1) {
      const incident = await triggeredIncident(t, org.token, `outbox ${i}`);
      incidents.push(incident);
      const id = await scheduleNotification(t, { orgId: org.orgId, incidentId: incident.id, userId: org.userId });
      await notify.deliveryHandler(deliverJob(org.orgId, id));
      expect(await notificationRow(t, id)).toMatchObject({ status: 'sent' });
    }
    const first = await request(t, 'GET', '/api/v1/mail-outbox?limit=2', { token: org.token });
    expect(first.status).toBe(200);
    expect(first.body.mails.map((m: { subject: string }) => m.subject)).toEqual([`[Vigil] #${incidents[2]!.number} outbox 2`, `[Vigil] #${incidents[1]!.number} outbox 1`]);
    expect(first.body.mails[0]).toMatchObject({ to: org.email, headers: { 'X-Vigil-Incident-Id': incidents[2]!.id } });
    const second = await request(t, 'GET', `/api/v1/mail-outbox?limit=2&cursor=${first.body.next_cursor}`, { token: org.token });
    expect(second.body.mails.map((m: { subject: string }) => m.subject)).toEqual([`[Vigil] #${incidents[0]!.number} outbox 0`]);
    expect(second.body.next_cursor).toBeNull();

    // Its links work like those of a sent mail.
    const acknowledge = /Acknowledge: (\S+)/.exec(first.body.mails[0].text)![1]!;
    expect((await t.http.inject({ method: 'POST', url: pathOf(acknowledge) })).statusCode).toBe(200);
    expect((await request(t, 'GET', `/api/v1/incidents/${incidents[2]!.id}`, { token: org.token })).body.status).toBe('acknowledged');

    const stored = logLines.map((line) => JSON.parse(line)).filter((line) => line.msg.startsWith('mail stored'));
    expect(stored).toHaveLength(3);
    expect(stored[0]).toMatchObject({ level: 30, orgId: org.orgId, to: org.email, subject: `[Vigil] #${incidents[0]!.number} outbox 0` });
    expect(logLines.join('\n')).not.toContain('/actions/');
  });

  it('is for admins of the organisation only', async () => {
    await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email: 'rhea@example.com', name: 'Rhea', role: 'responder', password } });
    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: 'rhea@example.com', password } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    expect((await request(t, 'GET', '/api/v1/mail-outbox', { headers: { cookie } })).status).toBe(403);
    const stranger = await newOrganisation(t);
    const theirs = await request(t, 'GET', '/api/v1/mail-outbox', { token: stranger.token });
    expect(theirs.status).toBe(200);
    expect(theirs.body.mails).toEqual([]);
    expect((await request(t, 'GET', '/api/v1/mail-outbox?cursor=bogus', { token: org.token })).status).toBe(400);
  });
});
