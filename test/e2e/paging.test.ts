import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import type { ParsedMail } from 'mailparser';
import { movableClock } from '../movable-clock.ts';
import { dropPrefix, randomPrefix } from '../redis-prefix.ts';
import { type SmtpSink, startSmtpSink } from '../smtp-sink.ts';

const redisUrl = process.env['TEST_REDIS_URL'];

const recipients = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) => to.value.map((address) => address.address));

/** Waits for a mail to `address`; fails after `timeoutMs`. */
async function mailTo(smtp: SmtpSink, address: string, timeoutMs = 15_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.received.find((mail) => recipients(mail).includes(address));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms (mails to: ${smtp.received.map(recipients).join('; ')})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pagingJourney(kind: 'pglite' | 'postgres', queue: 'store' | 'bullmq') {
  let t: TestVigil;
  let smtp: SmtpSink;
  const time = movableClock();
  const prefix = randomPrefix('paging');

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const env: Record<string, string> = { SMTP_URL: smtp.url, VIGIL_ENGINE_TICK_MS: '100', VIGIL_PUBLIC_URL: 'http://vigil.test' };
    if (queue === 'bullmq') Object.assign(env, { REDIS_URL: redisUrl!, VIGIL_REDIS_PREFIX: prefix });
    t = await startVigil(kind, { clock: time.clock, env });
  });
  afterAll(async () => {
    await t?.stop();
    await smtp?.close();
    if (queue === 'bullmq') await dropPrefix(redisUrl!, prefix);
  });

  it('pages level 1 by e-mail, escalates to level 2 when nobody acknowledges, and stops once the mail link acknowledges', async () => {
    const org = await newOrganisation(t);
    const first = org.email;
    const second = `second-${Date.now()}@example.com`;
    const secondUser = await request(t, 'POST', '/api/v1/users', { token: org.token, body: { email: second, name: 'Second Responder', password: 'correct horse battery staple' } });
    expect(secondUser.status).toBe(201);
    const me = await request(t, 'GET', '/api/v1/me', { token: org.token });
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
      token: org.token,
      body: {
        name: 'Primary',
        repeat_count: 1,
        levels: [
          { delay_minutes: 5, targets: [{ type: 'user', id: me.body.user.id }] },
          { delay_minutes: 5, targets: [{ type: 'user', id: secondUser.body.user.id }] },
        ],
      },
    });
    expect(policy.status).toBe(201);
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);

    expect((await enqueue(t, triggerEvent(routingKey, 'disk-full'))).status).toBe(202);
    const firstMail = await mailTo(smtp, first);
    expect(firstMail.text).toContain('disk full on disk-full');
    expect(smtp.received.filter((mail) => recipients(mail).includes(second))).toHaveLength(0);

    const incidents = await request(t, 'GET', '/api/v1/incidents', { token: org.token });
    const incident = incidents.body.incidents[0];
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}/escalation`, { token: org.token })).body.escalation).toMatchObject({ level: 1, status: 'active' });

    time.advance(5 * 60_000 + 1000);
    const secondMail = await mailTo(smtp, second);
    const escalation = await request(t, 'GET', `/api/v1/incidents/${incident.id}/escalation`, { token: org.token });
    expect(escalation.body.escalation).toMatchObject({ level: 2, assignees: [{ email: second }] });

    const ackLink = /Acknowledge: http:\/\/vigil\.test(\/actions\/\S+)/.exec(secondMail.text ?? '');
    expect(ackLink, 'the mail carries an action link').not.toBeNull();
    const page = await t.http.inject({ method: 'GET', url: ackLink![1]! });
    expect(page.statusCode).toBe(200);
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body.status).toBe('triggered');
    const confirmed = await t.http.inject({ method: 'POST', url: ackLink![1]!, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(confirmed.statusCode).toBe(200);
    expect((await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body.status).toBe('acknowledged');

    const mailsBefore = smtp.received.length;
    time.advance(30 * 60_000);
    await t.vigil.engine.settle();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.received.length, 'no mail after the acknowledgement').toBe(mailsBefore);

    const log = await request(t, 'GET', `/api/v1/incidents/${incident.id}/notifications`, { token: org.token });
    expect(log.status).toBe(200);
    const sent = log.body.notifications.filter((notification: { status: string }) => notification.status === 'sent');
    expect(sent.map((notification: { level: number }) => notification.level).sort()).toEqual([1, 2]);
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token });
    const types = detail.body.timeline.map((entry: { type: string }) => entry.type);
    expect(types).toEqual(expect.arrayContaining(['triggered', 'assigned', 'notified', 'escalated', 'acknowledged']));
  }, 60_000);
}

describeEachStore('paging by e-mail along an escalation policy (store queue)', (kind) => pagingJourney(kind, 'store'));

if (redisUrl && process.env['TEST_DATABASE_URL']) describe('paging by e-mail along an escalation policy (BullMQ) [postgres]', () => pagingJourney('postgres', 'bullmq'));
else describe.skip('paging by e-mail along an escalation policy (BullMQ) (skipped: TEST_REDIS_URL or TEST_DATABASE_URL is unset)', () => pagingJourney('postgres', 'bullmq'));
