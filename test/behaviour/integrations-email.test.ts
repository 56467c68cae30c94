import { type AddressInfo, createConnection, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOrganisation, request } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

const DOMAIN = 'alerts.example.test';
const MAX_BYTES = 64 * 1024;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sender = (port: number, tls: Record<string, unknown> = { ignoreTLS: true }) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ...tls, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000, logger: false });

describeEachStore('e-mail integrations (SMTP in)', (kind) => {
  let t: TestVigil;
  let token: string;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await startVigil(kind, { env: { SMTP_IN_PORT: String(port), SMTP_IN_DOMAIN: DOMAIN, SMTP_IN_MAX_BYTES: String(MAX_BYTES) } });
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t?.stop());

  async function newMailIntegration(settings?: Record<string, unknown>) {
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: `mail ${Math.random()}` } });
    const integration = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'email', ...(settings && { settings }) } });
    expect(integration.status).toBe(201);
    return { serviceId: service.body.id as string, address: (integration.body.url as string).replace(/^mailto:/, ''), body: integration.body };
  }
  const incidents = async (serviceId: string) => (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents;
  const send = (message: Record<string, unknown>) => sender(port).sendMail({ from: '"Nagios" <nagios@monitor.example.org>', ...message });

  it('gives each integration the address <key>@SMTP_IN_DOMAIN', async () => {
    const { address, body } = await newMailIntegration();
    expect(body.url).toBe(`mailto:${body.integration_key}@${DOMAIN}`);
    expect(address).toBe(`${body.integration_key}@${DOMAIN}`);
    expect(body.setup_instructions).toContain(address);
  });

  it('opens an incident titled with the subject once the mail is accepted', async () => {
    const { serviceId, address } = await newMailIntegration();
    const info = await send({ to: address, subject: 'CRITICAL: disk full on db-1', text: 'Only 2% left on /var.', messageId: '<m-1@monitor.example.org>' });
    expect(info.response).toMatch(/^250 /);
    // 250 came after the commit: folding what is stored now must find it.
    await t.settle();
    const [incident] = await incidents(serviceId);
    expect(incident).toMatchObject({ title: 'CRITICAL: disk full on db-1', status: 'triggered' });
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
    expect(detail.body.alerts[0]).toMatchObject({ source: 'nagios@monitor.example.org', dedup_key: 'm-1@monitor.example.org', class: 'email' });
    expect(detail.body.alerts[0].custom_details).toMatchObject({ from: 'nagios@monitor.example.org', to: [address], message_id: '<m-1@monitor.example.org>', body: 'Only 2% left on /var.' });
  });

  it('turns an HTML-only mail into text details, and each mail into its own alert by default', async () => {
    const { serviceId, address } = await newMailIntegration();
    await send({ to: address, subject: 'Backup failed', html: '<h1>Backup</h1><p>exit code <b>2</b></p>' });
    await send({ to: address, subject: 'Backup failed', html: '<p>again</p>' });
    await t.settle();
    const open = await incidents(serviceId);
    expect(open).toHaveLength(2);
    const detail = await request(t, 'GET', `/api/v1/incidents/${open[1].id}`, { token });
    expect(detail.body.alerts[0].custom_details.body).toMatch(/BACKUP\s+exit code 2/);
  });

  it('refuses unknown addresses and other domains at RCPT with 550', async () => {
    const { address } = await newMailIntegration();
    const key = address.split('@')[0]!;
    for (const to of [`nosuchintegrationkey0000000000@${DOMAIN}`, `${key}@elsewhere.example.org`]) {
      const error = await send({ to, subject: 'x', text: 'y' }).then(
        () => undefined,
        (failure: { responseCode?: number }) => failure,
      );
      expect(error?.responseCode).toBe(550);
    }
    // An address of an integration of another type is no e-mail address either.
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'events only' } });
    const other = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'events_api_v2' } });
    const error = await send({ to: `${other.body.integration_key}@${DOMAIN}`, subject: 'x', text: 'y' }).catch((failure: { responseCode?: number }) => failure);
    expect((error as { responseCode?: number }).responseCode).toBe(550);
  });

  it('refuses mail larger than SMTP_IN_MAX_BYTES with 552 and stores nothing', async () => {
    const { serviceId, address } = await newMailIntegration();
    const error = await send({ to: address, subject: 'huge', text: 'z'.repeat(MAX_BYTES + 1024) }).catch((failure: { responseCode?: number }) => failure);
    expect((error as { responseCode?: number }).responseCode).toBe(552);
    await t.settle();
    expect(await incidents(serviceId)).toEqual([]);
  });

  it('with dedup by subject, adds repeats to the open alert and resolves it on the resolve pattern', async () => {
    const { serviceId, address } = await newMailIntegration({ dedup: 'subject', resolve_subject_pattern: '^(RESOLVED|OK):' });
    await send({ to: address, subject: 'Disk full on db-1', text: 'first' });
    await send({ to: address, subject: 'Re: disk full on DB-1', text: 'second' });
    await t.settle();
    const [incident] = await incidents(serviceId);
    const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
    expect(detail.body.alerts).toHaveLength(1);
    expect(detail.body.alerts[0]).toMatchObject({ dedup_key: 'disk full on db-1', event_count: 2 });
    await send({ to: address, subject: 'RESOLVED: Disk full on db-1', text: 'space freed' });
    await t.settle();
    expect((await incidents(serviceId)).map((row: { status: string }) => row.status)).toEqual(['resolved']);
  });

  it('delivers one mail to several integrations, one alert each', async () => {
    const first = await newMailIntegration();
    const second = await newMailIntegration();
    await send({ to: [first.address, second.address], subject: 'Both of you', text: '.' });
    await t.settle();
    expect(await incidents(first.serviceId)).toHaveLength(1);
    expect(await incidents(second.serviceId)).toHaveLength(1);
  });

  it('refuses a resolve pattern without dedup by subject, and a pattern that is no regular expression', async () => {
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'bad mail settings' } });
    for (const [settings, field] of [
      [{ resolve_subject_pattern: '^OK' }, 'settings.resolve_subject_pattern'],
      [{ dedup: 'subject', resolve_subject_pattern: '(' }, 'settings.resolve_subject_pattern'],
    ] as const) {
      const response = await request(t, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'email', settings } });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].field).toBe(field);
    }
  });

  it('offers no STARTTLS unless a certificate is configured', async () => {
    const { address } = await newMailIntegration();
    const error = await sender(port, { requireTLS: true }).sendMail({ from: 'cron@example.org', to: address, subject: 'x', text: 'y' }).catch((failure: Error) => failure);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toMatch(/STARTTLS/i);
  });

  it('stops listening when Vigil stops', async () => {
    expect(await accepts(port)).toBe(true);
    await t.stop();
    expect(await accepts(port)).toBe(false);
  });
});

describe('the SMTP listener and process roles', () => {
  it('is not run by a worker process', async () => {
    const port = await freePort();
    const worker = await startVigil('pglite', { role: 'worker', env: { SMTP_IN_PORT: String(port) } });
    try {
      expect(await accepts(port)).toBe(false);
    } finally {
      await worker.stop();
    }
  });
});

describe('STARTTLS on the SMTP listener', () => {
  /** A self-signed certificate for alerts.example.test, made for this test only. */
  const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/smtp-in-tls/${name}`, import.meta.url));
  let t: TestVigil | undefined;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    t = await startVigil('pglite', { env: { SMTP_IN_PORT: String(port), SMTP_IN_DOMAIN: DOMAIN, SMTP_IN_TLS_CERT: fixture('cert.pem'), SMTP_IN_TLS_KEY: fixture('key.pem') } });
  });
  afterAll(() => t?.stop());

  it('is offered when a certificate is configured, and mail sent over it opens an incident', async () => {
    const { token } = await newOrganisation(t!);
    const service = await request(t!, 'POST', '/api/v1/services', { token, body: { name: 'tls mail' } });
    const integration = await request(t!, 'POST', `/api/v1/services/${service.body.id}/integrations`, { token, body: { type: 'email' } });
    const to = (integration.body.url as string).replace(/^mailto:/, '');
    const info = await sender(port, { requireTLS: true, tls: { rejectUnauthorized: false } }).sendMail({ from: 'cron@example.org', to, subject: 'over TLS', text: '.' });
    expect(info.response).toMatch(/^250 /);
    await t!.settle();
    const incidents = (await request(t!, 'GET', `/api/v1/incidents?service_id=${service.body.id}`, { token })).body.incidents;
    expect(incidents[0].title).toBe('over TLS');
  });
});
