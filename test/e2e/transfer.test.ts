import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Webhooks } from '@octokit/webhooks';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/open-store.ts';
import { VIGIL_VERSION } from '../../src/app/version.ts';
import { loadConfig } from '../../src/config/config.ts';
import { addMember, dailyLayer, userIdOf } from '../behaviour/oncall.helpers.ts';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { freshDatabase, freshDataDir, postgresUrl, startVigil, TEST_SECRET_KEY, type TestVigil } from '../harness.ts';
import { movableClock } from '../movable-clock.ts';

const MINUTE = 60_000;
const POLL = { timeout: 20_000, interval: 100 };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/vigil.js <args>` on the store `env` names (nothing of this process's store settings leaks in). */
function vigil(args: string[], env: Record<string, string>, stdin?: string): Promise<Run> {
  const inherited = { ...process.env };
  for (const name of ['DATABASE_URL', 'VIGIL_DATA_DIR', 'VIGIL_SECRET_KEY', 'VIGIL_SECRET_KEY_PREVIOUS']) delete inherited[name];
  const child = spawn(process.execPath, ['bin/vigil.js', ...args], { env: { ...inherited, LOG_LEVEL: 'warn', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Rows in every table of a store: "imports nothing" means none of these moved. */
async function rowCounts(env: Record<string, string>): Promise<Record<string, number>> {
  const store = await openStore(loadConfig(env));
  try {
    const tables = (await store.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)) as unknown as { rows: Array<{ table_name: string }> };
    const counts: Record<string, number> = {};
    for (const { table_name: name } of tables.rows) {
      const result = (await store.db.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`)) as unknown as { rows: Array<{ n: number }> };
      counts[name] = result.rows[0]!.n;
    }
    return counts;
  } finally {
    await store.close();
  }
}

const tableOf = (line: string) => (JSON.parse(line) as { table?: string }).table;

/** What a source organisation is made of, as the API gave it. */
interface Source {
  dataDir: string;
  orgId: string;
  token: string;
  backupKey: string;
  ownerId: string;
  bob: Awaited<ReturnType<typeof addMember>>;
  routingKey: string;
  github: { key: string; secret: string };
  webhookId: string;
  scheduleId: string;
  policyId: string;
  incidents: Record<'open' | 'acknowledged' | 'resolved', string>;
}

/** The organisation on the embedded store, built through the HTTP API of a running instance. */
async function buildSource(t: TestVigil, dataDir: string): Promise<Source> {
  const { token, orgId } = await newOrganisation(t, 'Acme Transfer');
  const ownerId = await userIdOf(t, token);
  const bob = await addMember(t, token, 'responder', 'Bob Level-Two');
  const backup = await request(t, 'POST', '/api/v1/api-keys', { token, body: { name: 'backup' } });
  expect(backup.status).toBe(201);
  const schedule = await request(t, 'POST', '/api/v1/schedules', { token, body: { name: 'Primary', time_zone: 'Europe/Berlin', layers: [dailyLayer([ownerId])] } });
  expect(schedule.status).toBe(201);
  const policy = await request(t, 'POST', '/api/v1/escalation-policies', {
    token,
    body: { name: 'Two levels', levels: [{ delay_minutes: 30, targets: [{ type: 'schedule', id: schedule.body.id }] }, { delay_minutes: 30, targets: [{ type: 'user', id: bob.id }] }] },
  });
  expect(policy.status).toBe(201);
  const { serviceId, routingKey } = await newIntegration(t, token);
  expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);
  const github = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'github' } });
  expect(github.status).toBe(201);
  const webhook = await request(t, 'POST', '/api/v1/webhooks', { token, body: { url: 'http://127.0.0.1:9/hook', event_types: ['incident.triggered'], allow_private_network: true } });
  expect(webhook.status).toBe(201);
  // A reminder 20 minutes after assignment: still to be sent (its job queued in this store) when the data moves.
  const [email] = (await request(t, 'GET', `/api/v1/users/${ownerId}/contact-methods`, { token })).body.contact_methods;
  expect((await request(t, 'POST', `/api/v1/users/${ownerId}/notification-rules`, { token, body: { urgency: 'high', contact_method_id: email.id, delay_minutes: 20 } })).status).toBe(201);

  for (const key of ['db-1', 'db-2', 'db-3']) expect((await enqueue(t, triggerEvent(routingKey, key))).status).toBe(202);
  expect((await enqueue(t, { routing_key: routingKey, event_action: 'acknowledge', dedup_key: 'db-2' })).status).toBe(202);
  expect((await enqueue(t, { routing_key: routingKey, event_action: 'resolve', dedup_key: 'db-3' })).status).toBe(202);
  await t.settle();
  const listed = (await request(t, 'GET', '/api/v1/incidents?limit=10', { token })).body.incidents as Array<{ id: string; title: string }>;
  const idOf = (key: string) => listed.find((incident) => incident.title === `disk full on ${key}`)!.id;
  const incidents = { open: idOf('db-1'), acknowledged: idOf('db-2'), resolved: idOf('db-3') };
  // The engine assigned the open incident and paged its owner; the webhook tried each trigger once.
  await expect.poll(async () => (await request(t, 'GET', `/api/v1/incidents/${incidents.open}/escalation`, { token })).body.escalation?.level, POLL).toBe(1);
  await expect.poll(async () => deliveryStatuses(t, token, incidents.open), POLL).toEqual(['scheduled', 'sent']);
  await expect
    .poll(async () => ((await request(t, 'GET', `/api/v1/webhooks/${webhook.body.id}/deliveries`, { token })).body.deliveries as Array<{ attempt_count: number }>).filter((d) => d.attempt_count > 0).length, POLL)
    .toBe(3);
  return {
    dataDir,
    orgId,
    token,
    backupKey: backup.body.token,
    ownerId,
    bob,
    routingKey,
    github: { key: github.body.integration_key, secret: github.body.generated_secrets.webhook_secret },
    webhookId: webhook.body.id,
    scheduleId: schedule.body.id,
    policyId: policy.body.id,
    incidents,
  };
}

async function deliveryStatuses(t: TestVigil, token: string, incidentId: string): Promise<string[]> {
  const { notifications } = (await request(t, 'GET', `/api/v1/incidents/${incidentId}/notifications`, { token })).body as { notifications: Array<{ status: string }> };
  return notifications.map((notification) => notification.status).sort();
}

/** GitHub's ping signed with the integration's secret: 200 when the store's key opens the secret, 503 when not. */
async function githubPing(t: TestVigil, github: Source['github']) {
  const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  const signature = await new Webhooks({ secret: github.secret }).sign(body);
  return request(t, 'POST', `/integrations/${github.key}`, { headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': `ping-${Date.now()}`, 'x-hub-signature-256': signature }, rawBody: body });
}

describe('vigil export and vigil import of an organisation', () => {
  const dataDir = freshDataDir();
  const file = join(dataDir, '..', `${dataDir.split('/').pop()}-acme.jsonl`);
  const embedded = { VIGIL_DATA_DIR: dataDir };
  let source: Source;
  let lines: string[];
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(file, { force: true });
  });

  it('refuses to export the embedded store while Vigil runs on it, with the data directory lock message', async () => {
    const t = await startVigil('pglite', { dataDir, env: { VIGIL_ENGINE_TICK_MS: '100' } });
    try {
      source = await buildSource(t, dataDir);
      const refused = await vigil(['export', '--organization', 'Acme Transfer'], embedded);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`The data directory ${dataDir} is in use by Vigil process ${process.pid}`);
      expect(refused.stdout).toBe('');
    } finally {
      await t.vigil.stop();
    }
  }, 120_000);

  it('fails clearly for an organisation the store does not have', async () => {
    const unknown = await vigil(['export', '--organization', 'Nobody Inc'], embedded);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr.trim()).toBe('No organisation with the id or name "Nobody Inc" in this store.');
    const bad = await vigil(['export', '--organisation', 'Acme Transfer'], embedded);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^vigil export: Unknown option '--organisation'/);
  });

  it('writes the organisation as JSON Lines to a file only its owner reads, or to stdout: header, rows, trailer with counts', async () => {
    const written = await vigil(['export', '--organization', 'Acme Transfer', '--out', file], embedded);
    expect(written.stderr).toBe('');
    expect(written).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Exported organisation "Acme Transfer" \(.+\): \d+ rows of \d+ tables to /) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ vigil_export: 1, version: VIGIL_VERSION, organization: { id: source.orgId, name: 'Acme Transfer' }, exported_at: expect.any(String) });
    const trailer = JSON.parse(lines.at(-1)!) as { rows: Record<string, number> };
    expect(trailer.rows).toMatchObject({ organizations: 1, users: 2, services: 1, integrations: 2, schedules: 1, escalation_policies: 1, incidents: 3, webhook_subscriptions: 1, webhook_deliveries: 3, outbox: 3 });
    expect(trailer.rows['api_keys']).toBeGreaterThanOrEqual(3);
    expect(trailer.rows['webhook_attempts']).toBeGreaterThanOrEqual(3);
    expect(trailer.rows['events']).toBe(5);
    expect(trailer.rows['sessions']).toBeUndefined();
    for (const [table, count] of Object.entries(trailer.rows)) expect(lines.filter((line) => tableOf(line) === table), table).toHaveLength(count);

    const piped = await vigil(['export', '--organization', source.orgId], embedded);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/^Exported organisation "Acme Transfer"/);
    // The same rows; the header (its time) and so the trailer's checksum differ.
    const pipedLines = piped.stdout.trimEnd().split('\n');
    expect(pipedLines.slice(1, -1)).toEqual(lines.slice(1, -1));
    expect(JSON.parse(pipedLines.at(-1)!).rows).toEqual(trailer.rows);
  }, 60_000);

  it('refuses a truncated file and a changed line, importing nothing; takes the whole file into an empty embedded store', async () => {
    const target = freshDataDir();
    try {
      const env = { VIGIL_DATA_DIR: target };
      const before = await rowCounts(env);
      const truncated = await vigil(['import'], env, `${lines.slice(0, -1).join('\n')}\n`);
      expect(truncated.code).toBe(1);
      expect(truncated.stderr.trim()).toBe(`The file ends at line ${lines.length - 1} without its trailer: it is truncated (an export that did not finish, or an incomplete copy). Nothing was imported.`);
      const changed = lines.map((line) => (tableOf(line) === 'users' ? line.replace('"role": "responder"', '"role": "admin"') : line));
      expect(changed).not.toEqual(lines);
      const tampered = await vigil(['import'], env, `${changed.join('\n')}\n`);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toContain(`The lines before the trailer (line ${lines.length}) are not those it was written for: the file was changed after export. Nothing was imported.`);
      expect(await rowCounts(env)).toEqual(before);

      const restored = await vigil(['import', '--in', file], env);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/^Imported organisation "Acme Transfer" .*, exported by Vigil .*:\n {2}organizations +1\n/);
      expect(restored.stdout).toMatch(/\n {2}incidents +3\n/);
      // This store has a key of its own (secret.key): the credentials sealed with the old one need it.
      expect(restored.stderr).toMatch(/^Warning: 2 stored credential\(s\) .* cannot be opened with this store's key.*VIGIL_SECRET_KEY_PREVIOUS.*vigil reseal-secrets/);
      expect(`${restored.stdout}${restored.stderr}`).not.toContain(source.github.secret);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  }, 60_000);

  const inPostgres = postgresUrl ? describe : describe.skip;
  inPostgres(`moving to PostgreSQL${postgresUrl ? '' : ' (skipped: TEST_DATABASE_URL is unset)'}`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let pg: Record<string, string>;
    let other: Awaited<ReturnType<typeof newOrganisation>> & { incidentId: string };
    beforeAll(async () => {
      database = await freshDatabase();
      pg = { DATABASE_URL: database.url, VIGIL_SECRET_KEY: TEST_SECRET_KEY };
      // The target already serves another organisation.
      const t = await startVigil('postgres', { databaseUrl: database.url });
      try {
        const org = await newOrganisation(t, 'Other Org');
        const { routingKey } = await newIntegration(t, org.token);
        expect((await enqueue(t, triggerEvent(routingKey, 'other-1'))).status).toBe(202);
        await t.settle();
        const listed = await request(t, 'GET', '/api/v1/incidents', { token: org.token });
        other = { ...org, incidentId: listed.body.incidents[0].id };
      } finally {
        await t.stop();
      }
    }, 60_000);
    afterAll(() => database?.drop());

    it('refuses a truncated or tampered file without changing anything, imports the file in one go, and refuses it a second time', async () => {
      const before = await rowCounts(pg);
      const truncated = await vigil(['import'], pg, `${lines.slice(0, -1).join('\n')}\n`);
      expect(truncated.code).toBe(1);
      expect(truncated.stderr).toContain(`The file ends at line ${lines.length - 1} without its trailer`);
      const at = lines.findIndex((line) => tableOf(line) === 'incidents');
      const broken = lines.map((line, index) => (index === at ? line.replace(/"status": "\w+"/, '"status": "exploded"') : line));
      const tampered = await vigil(['import'], pg, `${broken.join('\n')}\n`);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr.trim()).toMatch(new RegExp(`^Line ${at + 1}: not a valid incidents row \\(status: must be one of .*\\)\\. Nothing was imported\\.$`));
      expect(tampered.stderr).not.toMatch(/\n\s+at /);
      expect(await rowCounts(pg)).toEqual(before);

      const imported = await vigil(['import', '--in', file], pg);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/\n {2}incidents +3\n/);
      expect(imported.stderr).toMatch(/^Warning: 2 stored credential\(s\).*Set VIGIL_SECRET_KEY to the key of the store they came from/);
      expect(`${imported.stdout}${imported.stderr}`).not.toMatch(new RegExp(`${source.github.secret}|\\$argon2`));
      const after = await rowCounts(pg);
      expect(after['incidents']).toBe(before['incidents']! + 3);
      // No queued work and nothing to relay or stream comes along: the target's engine takes over from the rows.
      for (const table of ['jobs', 'outbox_relay', 'stream_pending', 'sessions']) expect(after[table], table).toBe(before[table]);

      const again = await vigil(['import', '--in', file], pg);
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toBe(`The organisation ${source.orgId} ("Acme Transfer") already exists in this store. Nothing was imported.`);
      expect(await rowCounts(pg)).toEqual(after);

      // The advice of the warning: the old key beside the new one, then re-sealed under the new one.
      const oldKey = readFileSync(join(source.dataDir, 'secret.key'), 'utf8').trim();
      const resealed = await vigil(['reseal-secrets'], { ...pg, VIGIL_SECRET_KEY_PREVIOUS: oldKey });
      expect(resealed.stdout).toContain('2 of 2 stored credentials re-sealed');
    }, 120_000);

    it('serves the organisation on PostgreSQL as it was: incidents, schedule, policy, API keys, integration keys, escalations carry on; the other organisation sees none of it', async () => {
      // The move took half an hour: the open incident's first level ran out meanwhile.
      const time = movableClock();
      time.advance(31 * MINUTE);
      const t = await startVigil('postgres', { databaseUrl: database.url, clock: time.clock, env: { VIGIL_ENGINE_TICK_MS: '100' } });
      try {
        const { token } = source;
        for (const key of [token, source.backupKey]) expect((await request(t, 'GET', '/api/v1/me', { token: key })).body.user).toMatchObject({ id: source.ownerId });
        expect((await request(t, 'GET', '/api/v1/me', { token: source.bob.token })).body.user).toMatchObject({ id: source.bob.id });

        const listed = (await request(t, 'GET', '/api/v1/incidents?limit=10', { token })).body.incidents as Array<{ id: string; number: number; status: string }>;
        expect(listed.map((incident) => [incident.id, incident.number, incident.status]).sort()).toEqual(
          [
            [source.incidents.open, 1, 'triggered'],
            [source.incidents.acknowledged, 2, 'acknowledged'],
            [source.incidents.resolved, 3, 'resolved'],
          ].sort(),
        );
        const timeline = (await request(t, 'GET', `/api/v1/incidents/${source.incidents.resolved}`, { token })).body.timeline as Array<{ type: string }>;
        expect(timeline.map((entry) => entry.type)).toEqual(expect.arrayContaining(['triggered', 'resolved']));
        expect((await request(t, 'GET', `/api/v1/schedules/${source.scheduleId}`, { token })).body).toMatchObject({ name: 'Primary', time_zone: 'Europe/Berlin' });
        expect((await request(t, 'GET', `/api/v1/escalation-policies/${source.policyId}`, { token })).body.levels).toHaveLength(2);
        const deliveries = (await request(t, 'GET', `/api/v1/webhooks/${source.webhookId}/deliveries`, { token })).body.deliveries as Array<{ event_type: string }>;
        expect(deliveries.map((delivery) => delivery.event_type)).toEqual(['incident.triggered', 'incident.triggered', 'incident.triggered']);
        expect(await request(t, 'GET', '/api/v1/audit?limit=5', { token }).then((audit) => audit.body.entries[0])).toMatchObject({ action: 'organization.import', actor_type: 'system' });

        // Escalation goes on from where it was: level 2 (Bob) is paged, and the owner's 20-minute reminder,
        // whose job stayed in the old store, goes out.
        await expect.poll(async () => (await request(t, 'GET', `/api/v1/incidents/${source.incidents.open}/escalation`, { token })).body.escalation?.level, POLL).toBe(2);
        await expect.poll(async () => deliveryStatuses(t, token, source.incidents.open), POLL).toEqual(['sent', 'sent', 'sent']);
        const paged = (await request(t, 'GET', `/api/v1/incidents/${source.incidents.open}/notifications`, { token })).body.notifications as Array<{ user: { id: string }; level: number }>;
        expect(paged.map((notification) => `${notification.user.id}@${notification.level}`).sort()).toEqual([`${source.ownerId}@1`, `${source.ownerId}@1`, `${source.bob.id}@2`].sort());

        // Its keys still work: the Events API key ingests (numbering goes on), the GitHub secret verifies.
        expect((await enqueue(t, triggerEvent(source.routingKey, 'db-4'))).status).toBe(202);
        await t.settle();
        const fourth = (await request(t, 'GET', '/api/v1/incidents?limit=10', { token })).body.incidents as Array<{ number: number; title: string }>;
        expect(fourth.find((incident) => incident.title === 'disk full on db-4')?.number).toBe(4);
        expect((await githubPing(t, source.github)).status).toBe(200);

        // The other organisation sees none of it, and keeps its own.
        const theirs = (await request(t, 'GET', '/api/v1/incidents?limit=10', { token: other.token })).body.incidents as Array<{ id: string }>;
        expect(theirs.map((incident) => incident.id)).toEqual([other.incidentId]);
        expect((await request(t, 'GET', `/api/v1/incidents/${source.incidents.open}`, { token: other.token })).status).toBe(404);
        expect((await request(t, 'GET', `/api/v1/schedules/${source.scheduleId}`, { token: other.token })).status).toBe(404);
        expect((await request(t, 'GET', '/api/v1/users', { token: other.token })).body.users).toHaveLength(1);
        expect((await request(t, 'GET', `/api/v1/incidents/${other.incidentId}`, { token })).status).toBe(404);
      } finally {
        await t.stop();
      }
    }, 120_000);
  });
});
