// Debian's prometheus-alertmanager against a running Vigil on a real socket: one receiver with both
// webhook_configs (to /integrations/{key}) and pagerduty_configs (to /v2/enqueue), and silences made by Vigil.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIntegration, newOrganisation, request } from '../factories.ts';
import { startVigil, type TestVigil } from '../harness.ts';
import { freePort } from './process.ts';

function findBinary(name: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const binary = findBinary('prometheus-alertmanager');
const suite = binary ? describe : describe.skip;
const title = binary
  ? 'Prometheus Alertmanager (Debian package) against Vigil'
  : 'Prometheus Alertmanager against Vigil (skipped: prometheus-alertmanager is not installed; apt-get install prometheus-alertmanager)';

interface AmSilence {
  id: string;
  status: { state: string };
  createdBy: string;
  comment: string;
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual?: boolean }>;
}

suite(title, () => {
  let t: TestVigil;
  let token: string;
  let alertmanager: ChildProcess;
  let output = '';
  let amUrl = '';
  let dir = '';
  let webhookService = '';
  let pagerdutyService = '';

  beforeAll(async () => {
    t = await startVigil('pglite', { env: { VIGIL_ENGINE_TICK_MS: '100' } });
    const port = await t.vigil.listen();
    const vigilUrl = `http://127.0.0.1:${port}`;
    ({ token } = await newOrganisation(t));
    const amPort = await freePort();
    amUrl = `http://127.0.0.1:${amPort}`;
    const service = await request(t, 'POST', '/api/v1/services', { token, body: { name: 'e2e alertmanager webhook' } });
    webhookService = service.body.id;
    const webhook = await request(t, 'POST', `/api/v1/services/${webhookService}/integrations`, {
      token,
      body: { type: 'alertmanager', settings: { alertmanager_url: amUrl, silence_on_acknowledge: true, silence_check_seconds: 2 } },
    });
    expect(webhook.status).toBe(201);
    const pagerduty = await newIntegration(t, token, 'events_api_v2');
    pagerdutyService = pagerduty.serviceId;

    dir = mkdtempSync(join(tmpdir(), 'vigil-alertmanager-'));
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: vigil',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: vigil',
        '    webhook_configs:',
        `      - url: ${webhook.body.url}`,
        '        send_resolved: true',
        '    pagerduty_configs:',
        `      - routing_key: ${pagerduty.routingKey}`,
        `        url: ${vigilUrl}/v2/enqueue`,
        '        send_resolved: true',
        '',
      ].join('\n'),
    );
    alertmanager = spawn(
      binary!,
      [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${amPort}`, `--web.external-url=${amUrl}`, '--cluster.listen-address='],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    alertmanager.stdout!.on('data', keep);
    alertmanager.stderr!.on('data', keep);
    await eventually(async () => (await fetch(`${amUrl}/-/ready`).catch(() => undefined))?.ok || undefined, 'Alertmanager to be ready');
  });

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null && alertmanager.signalCode === null) {
      const exited = new Promise((resolve) => alertmanager.once('exit', resolve));
      alertmanager.kill('SIGTERM');
      await Promise.race([exited, delay(5000).then(() => alertmanager.kill('SIGKILL'))]);
    }
    await t?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function eventually<T>(probe: () => Promise<T | undefined>, what: string, limitMs = 30_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}; Alertmanager's log ends:\n${output.slice(-3000)}`);
      await delay(200);
    }
  }

  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const labelsFor = (name: string) => ({ alertname: name, instance: 'web-1:9100', job: 'node', severity: 'critical' });

  async function postAlert(name: string, resolved: boolean): Promise<void> {
    const alert = {
      labels: labelsFor(name),
      annotations: { summary: `${name} on web-1`, description: 'end-to-end test alert' },
      generatorURL: 'http://prometheus.test:9090/graph?g0.expr=up+%3D%3D+0',
      startsAt,
      ...(resolved && { endsAt: new Date(Date.now() - 1000).toISOString() }),
    };
    const response = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
    expect(response.status).toBe(200);
  }

  /** The service's incident whose title contains `name`, once it has `status`. */
  async function incident(serviceId: string, name: string, status: string) {
    return eventually(async () => {
      await t.settle();
      const list = (await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}`, { token })).body.incidents as Array<{ id: string; title: string; status: string; severity: string; number: number }>;
      return list.find((found) => found.title.includes(name) && found.status === status);
    }, `an incident for ${name} to be ${status}`);
  }

  async function vigilSilence(name: string, state: string): Promise<AmSilence> {
    return eventually(async () => {
      const silences = (await (await fetch(`${amUrl}/api/v2/silences`)).json()) as AmSilence[];
      return silences.find((silence) => silence.createdBy === 'Vigil' && silence.status.state === state && silence.matchers.some((m) => m.name === 'alertname' && m.value === name));
    }, `a ${state} silence for ${name}`);
  }

  it('opens an incident through both webhook_configs and pagerduty_configs, and the resolution resolves both', async () => {
    await postAlert('VigilE2EDiskFull', false);
    const viaWebhook = await incident(webhookService, 'VigilE2EDiskFull', 'triggered');
    expect(viaWebhook).toMatchObject({ title: 'VigilE2EDiskFull on web-1', severity: 'critical' });
    const alert = (await request(t, 'GET', `/api/v1/incidents/${viaWebhook.id}`, { token })).body.alerts[0];
    expect(alert).toMatchObject({ source: 'web-1:9100', custom_details: { labels: labelsFor('VigilE2EDiskFull'), receiver: 'vigil' } });
    expect(alert.dedup_key).toMatch(/^[0-9a-f]{16}$/); // Alertmanager's fingerprint
    const viaPagerduty = await incident(pagerdutyService, 'VigilE2EDiskFull', 'triggered');
    expect(viaPagerduty.title).toContain('[FIRING:1]');

    await postAlert('VigilE2EDiskFull', true);
    await incident(webhookService, 'VigilE2EDiskFull', 'resolved');
    await incident(pagerdutyService, 'VigilE2EDiskFull', 'resolved');
  });

  it('silences the alert in Alertmanager when acknowledged in Vigil, and expires the silence when the incident is resolved', async () => {
    await postAlert('VigilE2EHighLoad', false);
    const opened = await incident(webhookService, 'VigilE2EHighLoad', 'triggered');
    expect((await request(t, 'POST', `/api/v1/incidents/${opened.id}/acknowledge`, { token })).status).toBe(200);
    const silence = await vigilSilence('VigilE2EHighLoad', 'active');
    expect(silence.matchers.map(({ name, value, isRegex }) => ({ name, value, isRegex })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      Object.entries(labelsFor('VigilE2EHighLoad'))
        .map(([name, value]) => ({ name, value, isRegex: false }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(silence.comment).toContain(`incident #${opened.number}`);
    const [shown] = (await (await fetch(`${amUrl}/api/v2/alerts?filter=${encodeURIComponent('alertname="VigilE2EHighLoad"')}`)).json()) as Array<{ status: { state: string; silencedBy: string[] } }>;
    expect(shown?.status).toMatchObject({ state: 'suppressed', silencedBy: [silence.id] });

    expect((await request(t, 'POST', `/api/v1/incidents/${opened.id}/resolve`, { token })).status).toBe(200);
    const expired = await vigilSilence('VigilE2EHighLoad', 'expired');
    expect(expired.id).toBe(silence.id);
  });

  it('resolves a silenced alert when it resolves in Alertmanager (which mutes that notification), then expires the silence', async () => {
    await postAlert('VigilE2EPacketLoss', false);
    const opened = await incident(webhookService, 'VigilE2EPacketLoss', 'triggered');
    await request(t, 'POST', `/api/v1/incidents/${opened.id}/acknowledge`, { token });
    const silence = await vigilSilence('VigilE2EPacketLoss', 'active');
    await postAlert('VigilE2EPacketLoss', true);
    await incident(webhookService, 'VigilE2EPacketLoss', 'resolved');
    expect((await vigilSilence('VigilE2EPacketLoss', 'expired')).id).toBe(silence.id);
  });
});
