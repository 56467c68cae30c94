import { asc, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/adapters/smtp/smtp.mailer.ts';
import { auditLog } from '../../src/modules/audit/audit.tables.ts';
import { notifyModule } from '../../src/modules/notify/notify.module.ts';
import { notificationAttempts } from '../../src/modules/notify/notify.tables.ts';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { deliverJob, notificationRow, pathOf, scheduleNotification, triggeredIncident, userIdOf } from '../notify-fixtures.ts';
import { closedPort, type SmtpSink, startSmtpSink } from '../smtp-sink.ts';

const PUBLIC_URL = 'https://vigil.example.com';

describeEachStore('notification delivery by e-mail over SMTP', (kind) => {
  let t: TestVigil;
  let sink: SmtpSink;
  let notify: ReturnType<typeof notifyModule>;
  let org: { token: string; orgId: string; email: string; userId: string };

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startVigil(kind, { env: { VIGIL_PUBLIC_URL: PUBLIC_URL, SMTP_URL: sink.url, MAIL_FROM: 'Vigil Alerts <alerts@vigil.example.com>' } });
    // The module as the composition root builds it: SMTP from SMTP_URL.
    notify = notifyModule(t.vigil.deps);
    const created = await newOrganisation(t);
    org = { ...created, userId: await userIdOf(t, created.token) };
  });
  afterAll(async () => {
    await t.stop();
    await sink.close();
  });

  /** Domain events not yet handed on, and reactions to them not yet run (the store queue's jobs table). */
  const reactionsPending = async () =>
    ((await t.vigil.deps.store.db.execute(
      sql`select (select count(*) from outbox_relay)::int + (select count(*) from jobs where queue = 'domain-events' and state in ('pending', 'active'))::int as n`,
    )) as unknown as { rows: Array<{ n: number }> }).rows[0]?.n;
  const attemptsOf = (id: string) => t.vigil.deps.store.db.select().from(notificationAttempts).where(eq(notificationAttempts.notificationId, id)).orderBy(asc(notificationAttempts.id));

  it('sends the page over SMTP with the incident and working acknowledge and resolve links, and records it', async () => {
    expect(notify.mailer.kind).toBe('smtp');
    const incident = await triggeredIncident(t, org.token, 'Checkout latency over 2s');
    const id = await scheduleNotification(t, { orgId: org.orgId, incidentId: incident.id, userId: org.userId });
    const before = sink.received.length;
    await notify.deliveryHandler(deliverJob(org.orgId, id));

    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    expect(mail!.subject).toBe(`[Vigil] #${incident.number} Checkout latency over 2s`);
    expect(mail!.from?.text).toBe('"Vigil Alerts" <alerts@vigil.example.com>');
    expect(mail!.to).toMatchObject({ text: org.email });
    expect(mail!.headers.get('x-vigil-incident-id')).toBe(incident.id);
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
    const text = mail!.text ?? '';
    expect(text).toContain(`${PUBLIC_URL}/incidents/${incident.id}`);
    const acknowledge = /Acknowledge: (\S+)/.exec(text)?.[1];
    const resolve = /Resolve: (\S+)/.exec(text)?.[1];
    expect(acknowledge).toMatch(new RegExp(`^${PUBLIC_URL}/actions/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    expect(mail!.html).toContain(`href="${acknowledge}"`);
    expect(mail!.html).toContain(`href="${resolve}"`);

    const row = await notificationRow(t, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(row.sentAt).not.toBeNull();
    expect(await attemptsOf(id)).toEqual([expect.objectContaining({ attempt: 1, outcome: 'sent', detail: expect.stringMatching(/^E-mail handed to smtp as <.+>$/) })]);
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token });
    expect(detail.body.timeline.at(-1)).toMatchObject({ type: 'notified', actor_type: 'system', message: expect.stringMatching(new RegExp(`^Notified \\S+ by email \\(${org.email}\\)$`)) });

    // The links work: GET shows the incident and changes nothing; the button's POST acknowledges.
    const shown = await t.http.inject({ method: 'GET', url: pathOf(acknowledge!) });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Checkout latency over 2s');
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body.status).toBe('triggered');
    const acted = await t.http.inject({ method: 'POST', url: pathOf(acknowledge!), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(acted.statusCode).toBe(200);
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body.status).toBe('acknowledged');
    expect((await t.http.inject({ method: 'POST', url: pathOf(resolve!) })).statusCode).toBe(200);
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body.status).toBe('resolved');

    // Running the job again (a retry after a crash) sends nothing more.
    await notify.deliveryHandler(deliverJob(org.orgId, id, 2));
    expect(sink.received.length).toBe(before + 1);
    expect(await attemptsOf(id)).toHaveLength(1);
  });

  it('shows the delivery log of an incident to its organisation only', async () => {
    const incident = await triggeredIncident(t, org.token);
    const id = await scheduleNotification(t, { orgId: org.orgId, incidentId: incident.id, userId: org.userId });
    await notify.deliveryHandler(deliverJob(org.orgId, id));
    const log = await request(t, 'GET', `/api/v1/incidents/${incident.id}/notifications`, { token: org.token });
    expect(log.status).toBe(200);
    expect(log.body.notifications).toEqual([
      expect.objectContaining({
        id,
        user: { id: org.userId, name: expect.any(String), email: org.email },
        channel: 'email',
        address: org.email,
        level: 0,
        status: 'sent',
        due_at: expect.any(String),
        sent_at: expect.any(String),
        attempts: [expect.objectContaining({ attempt: 1, outcome: 'sent' })],
      }),
    ]);
    const stranger = await newOrganisation(t);
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}/notifications`, { token: stranger.token })).status).toBe(404);
  });

  it('records a failed attempt and throws when the SMTP server is down, and marks the notification failed on the last attempt', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const url = `smtp://vigil:hunter2-secret@127.0.0.1:${await closedPort()}`;
    const down = notifyModule({ ...t.vigil.deps, log }, { mailer: createSmtpMailer({ url, from: 'vigil@localhost', log, timeoutMs: 2_000 }) });
    const incident = await triggeredIncident(t, org.token);
    const id = await scheduleNotification(t, { orgId: org.orgId, incidentId: incident.id, userId: org.userId });
    await expect(down.deliveryHandler(deliverJob(org.orgId, id, 1, 3))).rejects.toThrow(/ECONNREFUSED/);
    expect(await notificationRow(t, id)).toMatchObject({ status: 'scheduled', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    await expect(down.deliveryHandler(deliverJob(org.orgId, id, 3, 3))).rejects.toThrow();
    expect(await notificationRow(t, id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await attemptsOf(id)).map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [3, 'failed'],
    ]);
    const deliveries = await request(t, 'GET', `/api/v1/incidents/${incident.id}/notifications`, { token: org.token });
    expect(deliveries.body.notifications[0]).toMatchObject({ status: 'failed', sent_at: null, last_error: expect.stringMatching(/ECONNREFUSED/) });
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['notification failed; will retry', 'notification failed for good']);
    expect(JSON.stringify(deliveries.body) + lines.join('')).not.toContain('hunter2-secret');
  });

  it('sends nothing for an incident acknowledged before its notification was sent: skipped, cancelled', async () => {
    const incident = await triggeredIncident(t, org.token);
    await request(t, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token: org.token });
    // Acknowledging cancels the notifications scheduled so far, in its transaction and again in a reaction to
    // its domain event; let that reaction run first, or it would cancel the row below before the job does.
    await expect.poll(reactionsPending, { timeout: 15_000 }).toBe(0);
    // This one stands for a job that ran anyway.
    const id = await scheduleNotification(t, { orgId: org.orgId, incidentId: incident.id, userId: org.userId });
    const before = sink.received.length;
    await notify.deliveryHandler(deliverJob(org.orgId, id));
    expect(await notificationRow(t, id)).toMatchObject({ status: 'cancelled', sentAt: null });
    expect(await attemptsOf(id)).toEqual([expect.objectContaining({ outcome: 'skipped', detail: `Incident #${incident.number} is acknowledged` })]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.received.length).toBe(before);
  });

  it('does nothing for a notification of another organisation named in the job', async () => {
    const incident = await triggeredIncident(t, org.token);
    const id = await scheduleNotification(t, { orgId: org.orgId, incidentId: incident.id, userId: org.userId });
    const stranger = await newOrganisation(t);
    await notify.deliveryHandler(deliverJob(stranger.orgId, id));
    expect(await notificationRow(t, id)).toMatchObject({ status: 'scheduled', attempts: 0 });
    const audit = await t.vigil.deps.store.db.select().from(auditLog).where(eq(auditLog.targetId, incident.id));
    expect(audit).toHaveLength(0);
  });
});
