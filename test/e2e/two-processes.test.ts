import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLD_LOCK } from '../../src/modules/incidents/fold.store.ts';
import { freshDatabase, postgresUrl } from '../harness.ts';
import { allIncidents, call, countByTitle, type IncidentDetail, type IncidentSummary, incidentDetail, sendConcurrently, setUpTenant, type Tenant, titleOf, trigger, waitForFold } from './client.ts';
import { ProcessGroup, type VigilProcess } from './process.ts';

const KEYS = 20;
const TRIGGERS_PER_KEY = 10;
const IN_FLIGHT = 16;

const suite = postgresUrl ? describe : describe.skip;
const name = 'two `vigil api` processes on one PostgreSQL database';

suite(postgresUrl ? name : `${name} (skipped: TEST_DATABASE_URL is unset)`, () => {
  const processes = new ProcessGroup();
  let drop: () => Promise<void> = async () => undefined;
  let databaseUrl: string;
  let a: VigilProcess;
  let b: VigilProcess;
  let tenant: Tenant;

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    databaseUrl = database.url;
    // Started together: both migrate the empty database at once.
    [a, b] = await Promise.all([processes.start('api', { DATABASE_URL: database.url }), processes.start('api', { DATABASE_URL: database.url })]);
    tenant = await setUpTenant(a.baseUrl);
  });

  afterAll(async () => {
    await processes.killAll();
    await drop();
  });

  /**
   * Sends the events round-robin to both processes, 16 at a time, and expects a 202 for each. Not all at
   * once: many small commits make each process start many fold passes, which is where two processes folding
   * the same events would show (all at once, each process folds once or twice and they rarely overlap).
   */
  async function sendToBoth(events: Array<{ key: string; body: unknown }>) {
    const sent = await sendConcurrently(
      events.map((event, index) => ({ ...event, baseUrl: (index % 2 === 0 ? a : b).baseUrl })),
      IN_FLIGHT,
    );
    expect({ accepted: sent.accepted.length, refused: Object.fromEntries(sent.statuses), failed: sent.failed }, `${a.describe()}\n${b.describe()}`).toEqual({
      accepted: events.length,
      refused: {},
      failed: 0,
    });
    await waitForFold(a.baseUrl, tenant.token);
  }

  async function incidentsByTitle(titles: string[]): Promise<Map<string, IncidentSummary[]>> {
    const wanted = new Set(titles);
    const found = new Map<string, IncidentSummary[]>(titles.map((title) => [title, []]));
    for (const incident of await allIncidents(b.baseUrl, tenant.token)) if (wanted.has(incident.title)) found.get(incident.title)!.push(incident);
    return found;
  }

  it('triggers racing on shared dedup keys through both processes make exactly one incident per key, numbered 1..20 without gaps, each alert counting every trigger', async () => {
    const keys = Array.from({ length: KEYS }, (_, index) => `shared-${index}`);
    // Each round sends every key once, so both processes store events of every key at the same moment.
    const events = Array.from({ length: TRIGGERS_PER_KEY }, () => keys.map((key) => ({ key, body: trigger(tenant.routingKey, key) }))).flat();
    await sendToBoth(events);

    const incidents = await allIncidents(b.baseUrl, tenant.token);
    expect(Object.fromEntries(countByTitle(incidents))).toEqual(Object.fromEntries(keys.map((key) => [titleOf(key), 1])));
    expect(incidents.map((incident) => incident.number).sort((x, y) => x - y)).toEqual(keys.map((_, index) => index + 1));
    expect(incidents.filter((incident) => incident.status !== 'triggered' || incident.alert_count !== 1)).toEqual([]);

    const details = await Promise.all(incidents.map((incident) => incidentDetail(a.baseUrl, tenant.token, incident.id)));
    const alerts = details.map((detail) => ({ title: detail.title, alerts: detail.alerts.map((alert) => ({ dedup_key: alert.dedup_key, event_count: alert.event_count, status: alert.status })) }));
    expect(alerts).toEqual(
      details.map((detail) => ({ title: detail.title, alerts: [{ dedup_key: detail.title.replace(/^e2e /, ''), event_count: TRIGGERS_PER_KEY, status: 'triggered' }] })),
    );
  });

  /** Each incident ends resolved once, with an acknowledgement (if any) logged before the resolution. */
  function expectResolvedOnce(detail: IncidentDetail, acknowledged: boolean) {
    const entries = detail.timeline.map((entry) => entry.type).filter((type) => type === 'acknowledged' || type === 'resolved');
    expect({ title: detail.title, status: detail.status, alerts: detail.alerts.map((alert) => alert.status), entries }).toEqual({
      title: detail.title,
      status: 'resolved',
      alerts: ['resolved'],
      entries: acknowledged ? ['acknowledged', 'resolved'] : ['resolved'],
    });
  }

  it('acknowledging through one process while resolving through the other leaves each incident resolved exactly once', async () => {
    const keys = Array.from({ length: 10 }, (_, index) => `ack-vs-resolve-${index}`);
    await sendToBoth(keys.map((key) => ({ key, body: trigger(tenant.routingKey, key) })));
    const incidents = [...(await incidentsByTitle(keys.map(titleOf))).values()].map((list) => {
      expect(list).toHaveLength(1);
      return list[0]!;
    });

    const answers = await Promise.all(
      incidents.map(async (incident) => {
        const [ack, resolve] = await Promise.all([
          call<{ status?: string }>(a.baseUrl, 'POST', `/api/v1/incidents/${incident.id}/acknowledge`, { token: tenant.token }),
          call<{ status?: string }>(b.baseUrl, 'POST', `/api/v1/incidents/${incident.id}/resolve`, { token: tenant.token }),
        ]);
        return { incident, ack, resolve };
      }),
    );
    for (const { incident, ack, resolve } of answers) {
      expect(resolve, incident.title).toMatchObject({ status: 200, body: { status: 'resolved' } });
      // Acknowledged first, or refused because the resolution won the race: never anything else.
      if (ack.status === 200) expect(ack.body.status, incident.title).toBe('acknowledged');
      else expect(ack.status, `${incident.title}: ${JSON.stringify(ack.body)}`).toBe(409);
      expectResolvedOnce(await incidentDetail(a.baseUrl, tenant.token, incident.id), ack.status === 200);
    }
  });

  it('acknowledge and resolve events for one dedup key sent to different processes at once leave one resolved incident, and a later trigger opens a new one', async () => {
    const keys = Array.from({ length: 10 }, (_, index) => `event-race-${index}`);
    await sendToBoth(keys.map((key) => ({ key, body: trigger(tenant.routingKey, key) })));
    const before = await allIncidents(a.baseUrl, tenant.token);

    // Index parity picks the process: each key's acknowledge goes to one, its resolve to the other.
    await sendToBoth(
      keys.flatMap((key) => [
        { key, body: { routing_key: tenant.routingKey, event_action: 'acknowledge', dedup_key: key } },
        { key, body: { routing_key: tenant.routingKey, event_action: 'resolve', dedup_key: key } },
      ]),
    );
    for (const [title, list] of await incidentsByTitle(keys.map(titleOf))) {
      expect(list.map((incident) => incident.status), title).toEqual(['resolved']);
      const detail = await incidentDetail(b.baseUrl, tenant.token, list[0]!.id);
      expectResolvedOnce(detail, detail.timeline.some((entry) => entry.type === 'acknowledged'));
    }

    // Resolved incidents are never re-opened: a trigger after resolution makes a new incident, the next number.
    await sendToBoth([{ key: keys[0]!, body: trigger(tenant.routingKey, keys[0]!) }]);
    const reopened = (await incidentsByTitle([titleOf(keys[0]!)])).get(titleOf(keys[0]!))!;
    expect(reopened.map((incident) => [incident.status, incident.number])).toEqual([
      ['triggered', before.length + 1],
      ['resolved', expect.any(Number)],
    ]);
  });

  it('a process with events to fold waits for the fold lock while another holds it, then folds them at once', async () => {
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [FOLD_LOCK]);
      const key = 'waits-for-the-fold-lock';
      expect((await call(a.baseUrl, 'POST', '/v2/enqueue', { body: trigger(tenant.routingKey, key) })).status).toBe(202);
      // Not a retry every few milliseconds: one pass of `a`, waiting in PostgreSQL for the lock.
      const waiting = () => advisoryLockWaits(holder);
      await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
      expect(countByTitle(await allIncidents(a.baseUrl, tenant.token)).get(titleOf(key))).toBeUndefined();
      await holder.query('select pg_advisory_unlock($1)', [FOLD_LOCK]);
      await expect.poll(async () => countByTitle(await allIncidents(b.baseUrl, tenant.token)).get(titleOf(key)), { timeout: 10_000 }).toBe(1);
      expect(await waiting()).toBe(0);
    } finally {
      await holder.end();
    }
  });

  it('folds events that a process stored and left unfolded (it died before its pass), through the others\' polls', async () => {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const key = 'stored-by-a-process-that-died';
      // Stored as ingestion stores an event, with nobody told to fold it.
      await storeUnfolded(db, tenant.routingKey, key, 0);
      await expect.poll(async () => countByTitle(await allIncidents(a.baseUrl, tenant.token)).get(titleOf(key)), { timeout: 10_000 }).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('lets a process that stored nothing wait its turn at the fold lock once the oldest pending event is a second old', async () => {
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [FOLD_LOCK]);
      const key = 'behind-by-five-seconds';
      // Stored five seconds ago and not folded yet: the fold is behind, so the processes' polls queue for the lock.
      await storeUnfolded(holder, tenant.routingKey, key, 5);
      const waiting = () => advisoryLockWaits(holder);
      await expect.poll(waiting, { timeout: 10_000 }).toBe(2);
      await holder.query('select pg_advisory_unlock($1)', [FOLD_LOCK]);
      await expect.poll(async () => countByTitle(await allIncidents(b.baseUrl, tenant.token)).get(titleOf(key)), { timeout: 10_000 }).toBe(1);
    } finally {
      await holder.end();
    }
  });
});

/** Vigil's connections waiting in PostgreSQL for an advisory lock (the fold lock, in these tests). */
async function advisoryLockWaits(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    "select count(*) as n from pg_stat_activity where datname = current_database() and application_name = 'vigil' and wait_event_type = 'Lock' and wait_event = 'advisory'",
  );
  return Number(rows[0]?.n);
}

/** An event stored as ingestion stores one, `secondsAgo`, with no process told to fold it. */
async function storeUnfolded(client: pg.Client, routingKey: string, key: string, secondsAgo: number): Promise<void> {
  await client.query(
    `insert into events (org_id, service_id, integration_id, kind, action, dedup_key, payload, received_at)
     select org_id, service_id, id, 'alert', 'trigger', $2, jsonb_build_object('summary', $3::text, 'severity', 'error', 'source', 'e2e', 'links', '[]'::jsonb, 'images', '[]'::jsonb),
       now() - make_interval(secs => $4)
     from integrations where integration_key = $1`,
    [routingKey, key, titleOf(key), secondsAgo],
  );
}
