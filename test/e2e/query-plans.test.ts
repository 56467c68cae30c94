// Every list, filter and aggregate query has an index: the statements Vigil really sends, on a database
// loaded like a busy installation's, must not read a table of more than MAX_SCANNED_ROWS rows from end to end
// (a sequential scan, or an index walked whole).
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLD_LOCK } from '../../src/modules/incidents/fold.store.ts';
import { encodeCursor } from '../../src/http/cursor.ts';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { freshDatabase, postgresUrl, startVigil, type TestVigil } from '../harness.ts';
import { rotatingTeam } from '../oncall-team.ts';

/** A sequential scan of a table this small is the planner's right choice; of a bigger one, a missing index. */
const MAX_SCANNED_ROWS = 1000;
const DAY = 86_400_000;

interface Statement {
  scenario: string;
  text: string;
  values: unknown[];
}
interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  'Parent Relationship'?: string;
  Plans?: PlanNode[];
}

/**
 * Every statement the app's connections send, named by the scenario whose async context sent it. Recorded at
 * the driver (pg.Client#query), so the plans checked are those of the SQL Drizzle built, with its parameters.
 */
const scenario = new AsyncLocalStorage<string>();
const recorded = new Map<string, Statement>();
const unrecorded = new Set<unknown>();
const originalQuery = pg.Client.prototype.query;

function record(client: unknown, first: unknown, second: unknown): void {
  if (unrecorded.has(client)) return;
  // query(text, values), query(config) or query(config, values) (how Drizzle calls it).
  const config = typeof first === 'string' ? { text: first } : (first as { text?: unknown; values?: unknown } | null);
  const text = config?.text;
  if (typeof text !== 'string' || !/^\s*(select|insert|update|delete|with)\b/i.test(text)) return;
  const values = Array.isArray(second) ? (second as unknown[]) : Array.isArray(config?.values) ? config.values : [];
  const name = scenario.getStore() ?? 'background';
  // Background passes repeat with new timestamps: one plan each. A scenario's parameters are part of what it checks.
  const key = `${name}\n${text}\n${name === 'background' ? '' : JSON.stringify(values)}`;
  if (!recorded.has(key)) recorded.set(key, { scenario: name, text, values });
}

interface PlanStep {
  node: PlanNode;
  /** From the node up: each ancestor, with which of its children the path came through. */
  ancestors: Array<{ node: PlanNode; child: number }>;
}

function* planNodes(node: PlanNode, ancestors: PlanStep['ancestors'] = []): Generator<PlanStep> {
  yield { node, ancestors };
  for (const [child, plan] of (node.Plans ?? []).entries()) yield* planNodes(plan, [{ node, child }, ...ancestors]);
}

/** Nodes that pass rows on in the order they get them, stopping when asked: a Limit above stops the walk below. */
const STREAMING = new Set(['Incremental Sort', 'Result', 'Subquery Scan', 'Gather Merge']);

/**
 * Why a node reads a big table from end to end: a sequential scan, or an index walked without a condition
 * other than as an ordered read that a Limit stops (a merge join, a hash or a full sort walks it whole).
 */
function readsWhole({ node, ancestors }: PlanStep): string | undefined {
  if (node['Node Type'] === 'Seq Scan') return 'Seq Scan';
  // A subquery's lookup planned as one bitmap of the whole index (a hashed subplan): the bitmap is built whole
  // before any row is read, for however few rows the statement asks about.
  if (node['Node Type'] === 'Bitmap Index Scan' && !node['Index Cond'] && [node, ...ancestors.map((step) => step.node)].some((above) => above['Parent Relationship'] === 'SubPlan')) {
    return 'Bitmap Index Scan without a condition, in a subplan';
  }
  if ((node['Node Type'] !== 'Index Scan' && node['Node Type'] !== 'Index Only Scan') || node['Index Cond']) return undefined;
  for (const { node: above, child } of ancestors) {
    if (above['Node Type'] === 'Limit') return undefined;
    // The outer side of a nested loop is read as far as the loop is asked to go.
    if (STREAMING.has(above['Node Type']) || (above['Node Type'] === 'Nested Loop' && child === 0)) continue;
    break;
  }
  return `${node['Node Type']} without a condition`;
}

function planText(node: PlanNode, depth = 0): string {
  const line = `${'  '.repeat(depth)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Index Cond'] ? ` [${node['Index Cond']}]` : ''}${node.Filter ? ` filter ${node.Filter}` : ''}`;
  return [line, ...(node.Plans ?? []).map((child) => planText(child, depth + 1))].join('\n');
}

/** A parameter as EXECUTE takes it: a literal, converted as pg converts a bound value. */
function sqlLiteral(db: pg.Client, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return db.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return db.escapeLiteral(`{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return db.escapeLiteral(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}…` : text);

/**
 * Why statements read a table of more than MAX_SCANNED_ROWS rows whole, EXPLAINed with their parameters and as
 * the generic plan a statement kept prepared runs by; `rowsOf` has each table's and index's rows.
 */
async function planOffences(db: pg.Client, statements: Iterable<Statement>, rowsOf: Map<string, number>): Promise<string[]> {
  const offences: string[] = [];
  const check = (statement: Statement, plan: PlanNode, kind: string) => {
    for (const step of planNodes(plan)) {
      const { node } = step;
      // A bitmap index scan names its index; its table is the bitmap heap scan's above it.
      const table = node['Relation Name'] ?? step.ancestors[0]?.node['Relation Name'];
      const whole = readsWhole(step);
      // What is read whole: the table, or the index walked (a partial index holds only the rows it is for).
      const read = node['Index Name'] ?? table;
      if (!whole || !table || !read || (rowsOf.get(read) ?? 0) <= MAX_SCANNED_ROWS) continue;
      offences.push(
        `${statement.scenario}: ${whole} on ${table} (${rowsOf.get(read)} rows) in the ${kind}\n  ${clip(statement.text, 600)}\n  params: ${clip(JSON.stringify(statement.values), 300)}\n${planText(plan)
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n')}`,
      );
      return;
    }
  };
  // The embedded store keeps frequent statements prepared, and PostgreSQL then runs them by a generic plan, made
  // for any parameter values; a filter matching a partial index's predicate must be a constant there.
  for (const statement of statements) {
    try {
      const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({ text: `explain (format json) ${statement.text}`, values: statement.values });
      check(statement, rows[0]!['QUERY PLAN'][0]!.Plan, 'plan for its parameters');
    } catch (error) {
      offences.push(`${statement.scenario}: EXPLAIN failed (${String(error)})\n  ${clip(statement.text, 600)}`);
      continue;
    }
    const plan = await genericPlan(db, statement);
    if (plan) check(statement, plan, 'generic plan');
  }
  return offences;
}

/** The plan a connection keeping `statement` prepared runs it by; undefined if PostgreSQL cannot prepare it (never run prepared). */
async function genericPlan(db: pg.Client, statement: Statement): Promise<PlanNode | undefined> {
  const parameters = statement.values.map((value) => sqlLiteral(db, value)).join(', ');
  try {
    await db.query(`prepare generic_plan as ${statement.text}`);
  } catch {
    return undefined;
  }
  try {
    await db.query('set plan_cache_mode = force_generic_plan');
    const { rows } = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (format json) execute generic_plan${parameters ? `(${parameters})` : ''}`);
    return rows[0]!['QUERY PLAN'][0]!.Plan;
  } finally {
    await db.query('reset plan_cache_mode');
    await db.query('deallocate generic_plan');
  }
}

/** Rows of each table and index, as the planner has them (after ANALYZE). */
async function tableRows(db: pg.Client): Promise<Map<string, number>> {
  const { rows } = await db.query<{ relname: string; rows: number }>(`select c.relname, c.reltuples::float8 as rows from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'i')`);
  return new Map(rows.map((row) => [row.relname, row.rows]));
}

/**
 * Vigil on a fresh PostgreSQL database with every statement its clients send recorded, and a client of its own
 * (not recorded) for loading and EXPLAIN. Timers slow enough that background passes run when a scenario asks.
 */
async function recordedVigil(env: Record<string, string> = {}): Promise<{ t: TestVigil; db: pg.Client; close: () => Promise<void> }> {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    record(this, args[0], args[1]);
    return (originalQuery as (...rest: unknown[]) => unknown).apply(this, args);
  } as typeof originalQuery;
  const database = await freshDatabase();
  const t = await startVigil('postgres', { databaseUrl: database.url, env: { VIGIL_ENGINE_TICK_MS: '60000', VIGIL_FOLD_POLL_MS: '60000', VIGIL_STREAM_POLL_MS: '10000', ...env } });
  const db = new pg.Client({ connectionString: database.url });
  unrecorded.add(db);
  await db.connect();
  const close = async () => {
    pg.Client.prototype.query = originalQuery;
    await t.stop();
    await db.end();
    await database.drop();
  };
  return { t, db, close };
}

/** Two organisations, 50 services, 100,000 incidents over 90 days and what goes with them, in plain SQL. */
async function bulkLoad(db: pg.Client, orgA: string, orgB: string, scheduleId: string): Promise<{ webhookId: string }> {
  await db.query(
    `insert into services (id, org_id, name, status, created_at, updated_at)
     select gen_random_uuid(), o.id, 'service-' || o.n || '-' || g, 'active', now() - g * interval '1 day', now()
     from (values ($1::uuid, 0, 24), ($2::uuid, 1, 25)) as o(id, n, count), generate_series(1, o.count) g`,
    [orgA, orgB],
  );
  await db.query(`insert into integrations (id, org_id, service_id, type, name, integration_key, created_at)
    select gen_random_uuid(), s.org_id, s.id, 'events_api_v2', 'Events API', md5(s.id::text), s.created_at from services s
    where not exists (select 1 from integrations i where i.service_id = s.id)`);
  // Each organisation's services numbered 0–24, with an integration each: generated rows pick theirs by number.
  await db.query(
    `create temp table svc as
     select s.id, s.org_id, (s.org_id = $2)::int as org_n, (row_number() over (partition by s.org_id order by s.created_at, s.id) - 1)::int as n,
       (select i.id from integrations i where i.service_id = s.id order by i.created_at limit 1) as integration_id
     from services s where s.org_id in ($1, $2)`,
    [orgA, orgB],
  );
  // 70% of everything is the first organisation's; 2,000 incidents are open (the newest); numbers go back in time.
  await db.query(`insert into incidents (id, org_id, number, service_id, title, status, severity, urgency, alert_count, open_alert_count, created_at, updated_at, acknowledged_at, resolved_at)
    select gen_random_uuid(), s.org_id, g.n, s.id, 'Incident ' || g.n, g.status, g.severity, g.urgency, 1 + (g.n % 2 = 0)::int,
      case when g.status = 'resolved' then 0 else 1 + (g.n % 2 = 0)::int end, g.at, g.at,
      case when g.status <> 'triggered' then g.at + interval '4 minutes' end, case when g.status = 'resolved' then g.at + interval '1 hour' end
    from (select n, (n % 10 >= 7)::int as org_n,
            case when n > 3000 then 'resolved' when n % 3 = 0 then 'triggered' else 'acknowledged' end as status,
            (array['critical','error','error','warning','warning','warning','info','info'])[1 + (n * 7) % 8] as severity,
            case when n % 4 = 0 then 'low' else 'high' end as urgency, now() - n * interval '77.76 seconds' as at
          from generate_series(1, 100000) n) g
    join svc s on s.org_n = g.org_n and s.n = (g.n * 13) % 25`);
  await db.query(`update organizations set incident_counter = 100000 where id in (select org_id from svc)`);
  await db.query(`insert into alerts (id, org_id, service_id, integration_id, incident_id, dedup_key, status, summary, severity, source, links, images, event_count, created_at, last_event_at, acknowledged_at, resolved_at)
    select gen_random_uuid(), i.org_id, i.service_id, s.integration_id, i.id, 'key-' || i.number || '-' || k, i.status, i.title, i.severity, 'host-' || i.number % 300,
      '[]', '[]', 1 + i.number % 5, i.created_at + k * interval '1 second', i.created_at + k * interval '1 minute', i.acknowledged_at, i.resolved_at
    from incidents i join svc s on s.id = i.service_id, generate_series(1, 1 + (i.number % 2 = 0)::int) k`);
  await db.query(`insert into incident_log (org_id, incident_id, type, actor_type, message, created_at)
    select i.org_id, i.id, t.type, t.actor, t.type, i.created_at + t.k * interval '1 minute'
    from incidents i, (values (0, 'triggered', 'integration'), (1, 'assigned', 'system'), (2, 'resolved', 'integration')) as t(k, type, actor)
    where t.k < 2 or i.status = 'resolved'`);
  await db.query(`insert into incident_escalations (incident_id, org_id, levels, repeat_count, level, loop, status, next_escalation_at, assignees, updated_at)
    select i.id, i.org_id, '[]', 0, 0, 0, case when i.status = 'triggered' then 'active' else 'stopped' end,
      case when i.status = 'triggered' then now() + interval '20 minutes' end, '[]', i.updated_at
    from incidents i where i.number % 2 = 0`);
  // The event log in id order = time order, every event folded; a few outcomes are rare, as failures are.
  await db.query(`insert into events (org_id, service_id, integration_id, kind, action, dedup_key, payload, received_at, folded_at, outcome)
    select s.org_id, s.id, s.integration_id, 'alert', case when g.n % 5 = 0 then 'resolve' else 'trigger' end, 'key-' || g.n,
      jsonb_build_object('summary', 'disk full on host-' || g.n % 300, 'severity', 'error', 'source', 'host'), g.at, g.at + interval '50 milliseconds',
      case when g.n % 1000 < 450 then 'deduplicated' when g.n % 1000 < 750 then 'alert_created' when g.n % 1000 < 950 then 'resolved'
           when g.n % 1000 < 995 then 'unchanged' when g.n % 1000 < 999 then 'dropped' else 'failed' end
    from (select n, (n % 10 >= 7)::int as org_n, now() - (100001 - n) * interval '77.76 seconds' as at from generate_series(1, 100000) n) g
    join svc s on s.org_n = g.org_n and s.n = (g.n * 11) % 25
    order by g.n`);
  await db.query(`insert into notifications (id, org_id, incident_id, user_id, contact_method_id, channel, address, level, loop, due_at, status, queued_at, attempts, sent_at, created_at)
    select gen_random_uuid(), i.org_id, i.id, c.user_id, c.id, 'email', c.address, 1, 0, i.created_at + interval '1 minute',
      case when i.status = 'resolved' then 'sent' else 'scheduled' end, i.created_at + interval '1 minute', 1,
      case when i.status = 'resolved' then i.created_at + interval '1 minute' end, i.created_at + interval '1 minute'
    from incidents i join (select distinct on (org_id) * from contact_methods order by org_id, created_at) c on c.org_id = i.org_id
    where i.number % 5 = 0`);
  await db.query(`insert into notification_attempts (org_id, notification_id, attempt, outcome, detail, at)
    select n.org_id, n.id, a, case when a = 1 and extract(minute from n.created_at)::int % 10 = 0 then 'failed' else 'sent' end, 'smtp', n.created_at + a * interval '1 second'
    from notifications n, generate_series(1, 1 + (extract(minute from n.created_at)::int % 10 = 0)::int) a`);
  await db.query(
    `insert into audit_log (org_id, actor_type, action, target_type, created_at)
     select case when n % 10 < 7 then $1::uuid else $2::uuid end, 'user', (array['incident.acknowledge','incident.resolve','service.update','incident.note'])[1 + n % 4], 'incident',
       now() - (50001 - n) * interval '155 seconds'
     from generate_series(1, 50000) n`,
    [orgA, orgB],
  );
  await db.query(`insert into changes (id, org_id, service_id, integration_id, summary, source, links, dedup_key, occurred_at, created_at)
    select gen_random_uuid(), s.org_id, s.id, s.integration_id, 'Deploy ' || g.n, 'github', '[]', case when g.n % 2 = 0 then 'delivery-' || g.n end, g.at, g.at
    from (select n, (n % 10 >= 7)::int as org_n, now() - n * interval '259.2 seconds' as at from generate_series(1, 30000) n) g
    join svc s on s.org_n = g.org_n and s.n = (g.n * 7) % 25`);
  // Domain events; the outbox triggers list them to relay and to number, which bulk-loaded history is not.
  const { rows: before } = await db.query<{ id: string }>(`select coalesce(max(id), 0) as id from outbox`);
  await db.query(`insert into outbox (org_id, type, subject_id, data, created_at)
    select i.org_id, 'incident.triggered', i.id, jsonb_build_object('incident', jsonb_build_object('id', i.id)), i.created_at from incidents i where i.number % 2 = 1`);
  await db.query(`delete from outbox_relay where outbox_id > $1`, [before[0]!.id]);
  await db.query(`delete from stream_pending where outbox_id > $1`, [before[0]!.id]);
  // A disabled subscription (nothing is sent anywhere) with a month of deliveries: the log is purged after 30 days.
  const { rows: webhook } = await db.query<{ id: string }>(
    `insert into webhook_subscriptions (id, org_id, url, description, event_types, enabled, allow_private_network, sealed_secret, created_at, updated_at, disabled_at, disabled_reason)
     values (gen_random_uuid(), $1, 'https://hooks.example.com/vigil', 'bulk', '{*}', false, false, 'sealed', now() - interval '90 days', now(), now(), 'test') returning id`,
    [orgA],
  );
  const webhookId = webhook[0]!.id;
  await db.query(
    `insert into webhook_deliveries (id, org_id, subscription_id, outbox_id, event_type, status, attempts, last_status_code, created_at, completed_at)
     select gen_random_uuid(), o.org_id, $2, o.id, o.type, case when o.id % 50 = 0 then 'failed' else 'succeeded' end, 1, 200, o.at, o.at + interval '1 second'
     from (select id, org_id, type, now() - row_number() over (order by id desc) * interval '125 seconds' as at from outbox where org_id = $1 and id > $3 order by id desc limit 20000) o`,
    [orgA, webhookId, before[0]!.id],
  );
  await db.query(`insert into webhook_attempts (org_id, delivery_id, attempt, trigger, succeeded, status_code, duration_ms, at)
    select d.org_id, d.id, 1, 'scheduled', d.status = 'succeeded', 200, 40, d.created_at from webhook_deliveries d`);
  // 50 schedules like the API-made one, each with 100 overrides of 8 hours over the past year and the next weeks.
  await db.query(
    `insert into schedules (id, org_id, name, description, time_zone, layers, created_at, updated_at)
     select gen_random_uuid(), o.id, 'rota-' || g, '', s.time_zone, s.layers, now() - g * interval '1 day', now()
     from schedules s, (values ($1::uuid, 24), ($2::uuid, 25)) as o(id, count), generate_series(1, o.count) g where s.id = $3`,
    [orgA, orgB, scheduleId],
  );
  await db.query(
    `insert into schedule_overrides (id, org_id, schedule_id, user_id, start, "end", created_at)
     select gen_random_uuid(), s.org_id, s.id, u.id, now() - n * interval '3.5 days', now() - n * interval '3.5 days' + interval '8 hours', now() - n * interval '3.5 days' - interval '1 day'
     from schedules s join (select distinct on (org_id) org_id, id from users order by org_id, created_at) u on u.org_id = s.org_id, generate_series(-5, 94) n`,
  );
  await db.query('drop table svc');
  await db.query('analyze');
  return { webhookId };
}

const suite = postgresUrl ? describe : describe.skip;

suite(`query plans on a loaded database [postgres]${postgresUrl ? '' : ' (skipped: TEST_DATABASE_URL is unset)'}`, () => {
  let t: TestVigil;
  let db: pg.Client;
  let close: (() => Promise<void>) | undefined;
  let a: { token: string; orgId: string };
  let b: { token: string; orgId: string };
  let api: { serviceId: string; routingKey: string; integrationId: string };
  let team: Awaited<ReturnType<typeof rotatingTeam>>;
  let webhookId: string;
  const rowsOf = new Map<string, number>();

  beforeAll(async () => {
    ({ t, db, close } = await recordedVigil({ DATABASE_POOL_SIZE: '10' }));
    a = await newOrganisation(t);
    b = await newOrganisation(t);
    api = await newIntegration(t, a.token);
    team = await rotatingTeam(t, a.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${api.serviceId}`, { token: a.token, body: { escalation_policy_id: team.policyId } })).status).toBe(200);
    ({ webhookId } = await bulkLoad(db, a.orgId, b.orgId, team.scheduleId));
    for (const [name, rows] of await tableRows(db)) rowsOf.set(name, rows);
  }, 120_000);

  afterAll(() => close?.());

  const get = async (path: string, token = a.token) => {
    const response = await scenario.run(`GET ${path}`, () => request(t, 'GET', path, { token }));
    expect(response.status, `GET ${path}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body;
  };
  /** Page one, then page two through its cursor. */
  const twoPages = async (path: string, token = a.token) => {
    const first = await get(path, token);
    expect(first.next_cursor, path).toEqual(expect.any(String));
    await get(`${path}${path.includes('?') ? '&' : '?'}cursor=${first.next_cursor}`, token);
  };
  const incidentNumbered = async (number: number) => (await db.query<{ id: string; created_at: Date }>('select id, created_at from incidents where org_id = $1 and number = $2', [a.orgId, number])).rows[0]!;

  it('every hot query reads through an index: no table over 1,000 rows read whole', { timeout: 120_000 }, async () => {
    const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const services = (await db.query<{ id: string }>('select id from services where org_id = $1 order by created_at', [a.orgId])).rows.map((row) => row.id);
    const [svc, svc2] = [services[3]!, services[7]!];
    const old = await incidentNumbered(60_000);
    const deep = encodeCursor({ at: old.created_at.toISOString(), id: old.id });
    const resolved = await incidentNumbered(50_000);
    const open = await incidentNumbered(30);
    const { rows: events } = await db.query<{ id: string }>('select id from events where org_id = $1 order by id offset 40000 limit 1', [a.orgId]);
    const { rows: audit } = await db.query<{ id: string }>('select id from audit_log where org_id = $1 order by id offset 20000 limit 1', [a.orgId]);

    // The incidents list and each of its filters, alone and together, on the first page and deep in the history.
    for (const query of [
      '',
      '?status=triggered,acknowledged',
      '?status=triggered',
      '?status=resolved',
      '?severity=critical',
      '?severity=critical,error&status=triggered,acknowledged',
      `?service_id=${svc}`,
      `?service_id=${svc},${svc2}&status=resolved`,
      `?since=${ago(30)}&until=${ago(23)}`,
      `?since=${ago(30)}&until=${ago(23)}&severity=warning`,
      `?since=${ago(60)}&service_id=${svc}&severity=info&status=resolved`,
      `?cursor=${deep}`,
      `?status=resolved&cursor=${deep}`,
      `?severity=info&cursor=${deep}`,
      `?service_id=${svc}&cursor=${deep}`,
    ])
      await get(`/api/v1/incidents${query}`);
    await twoPages('/api/v1/incidents?limit=100');
    await twoPages('/api/v1/incidents?status=triggered,acknowledged', b.token);
    await get(`/api/v1/incidents?severity=critical&cursor=${deep}`, b.token);
    // Incident detail: alerts, timeline, delivery log, related changes.
    await get(`/api/v1/incidents/${resolved.id}`);
    await get(`/api/v1/incidents/${resolved.id}/notifications`);
    await get(`/api/v1/incidents/${resolved.id}/changes`);
    await get(`/api/v1/incidents/${resolved.id}/changes?scope=organization&window_minutes=1440`);
    // The event log, the changes, services, audit, schedules, webhook deliveries, metrics.
    for (const query of ['', `?service_id=${svc}`, '?outcome=failed', '?outcome=dropped', '?outcome=deduplicated', '?outcome=pending', `?before_id=${events[0]!.id}`, `?service_id=${svc}&outcome=failed`])
      await get(`/api/v1/events${query}`);
    await get('/api/v1/events?outcome=failed', b.token);
    await get(`/api/v1/services/${svc}/event-stats`);
    await twoPages('/api/v1/changes');
    await twoPages(`/api/v1/changes?service_id=${svc}`);
    await twoPages(`/api/v1/services/${svc}/changes`);
    await twoPages('/api/v1/services?limit=5');
    await get(`/api/v1/services/${svc}`);
    // The overview: open incidents by service and severity, incidents per day or week with MTTA and MTTR.
    for (const query of ['', '?bucket=week&time_zone=Europe/Berlin', `?service_id=${svc}`, `?since=${ago(60)}&until=${ago(53)}&time_zone=America/New_York`, `?since=${ago(90)}&bucket=week&service_id=${svc2}`, `?since=${ago(365)}&bucket=week`])
      await get(`/api/v1/analytics/overview${query}`);
    await get('/api/v1/analytics/overview', b.token);
    await get('/api/v1/audit');
    await get(`/api/v1/audit?before_id=${audit[0]!.id}`);
    await get(`/api/v1/schedules/${team.scheduleId}/overrides`);
    await get(`/api/v1/schedules/${team.scheduleId}/overrides?since=${ago(200)}&until=${ago(190)}`);
    await get(`/api/v1/schedules/${team.scheduleId}/oncall`);
    await get('/api/v1/oncalls');
    // People: teams with their members, pending invitations, on-call shifts across every schedule, deleting a user.
    const squad = await request(t, 'POST', '/api/v1/teams', { token: a.token, body: { name: 'Query plans squad' } });
    await request(t, 'PUT', `/api/v1/teams/${squad.body.id}/members/${team.other.id}`, { token: a.token, body: { role: 'manager' } });
    await request(t, 'POST', '/api/v1/invitations', { token: a.token, body: { email: 'query-plans-invitee@example.com' } });
    await get('/api/v1/teams');
    await get(`/api/v1/teams/${squad.body.id}`);
    await get('/api/v1/invitations');
    await get('/api/v1/me/oncall-shifts');
    await get(`/api/v1/users/${team.other.id}/oncall-shifts?since=${ago(30)}&until=${ago(0)}`);
    const leaver = await request(t, 'POST', '/api/v1/users', { token: a.token, body: { email: 'query-plans-leaver@example.com', name: 'Leaver', role: 'responder', password: 'correct horse battery staple' } });
    const deleted = await scenario.run('DELETE /users/:id', () => request(t, 'DELETE', `/api/v1/users/${leaver.body.user.id}`, { token: a.token }));
    expect(deleted.status).toBe(204);
    await twoPages(`/api/v1/webhooks/${webhookId}/deliveries`);
    await get(`/api/v1/webhooks/${webhookId}/deliveries?status=failed`);
    await get('/api/v1/mail-outbox');
    expect((await scenario.run('GET /metrics', () => t.http.inject({ method: 'GET', url: '/metrics' }))).statusCode).toBe(200);

    // Ingestion and the fold: a repeat of an open alert, its resolution, and a new incident that escalates.
    const { rows: openKeys } = await db.query<{ dedup_key: string }>(`select dedup_key from alerts where integration_id = $1 and status <> 'resolved' order by created_at limit 2`, [api.integrationId]);
    expect(openKeys).toHaveLength(2);
    await scenario.run('ingest and fold: a repeat of an open alert', async () => {
      expect((await enqueue(t, triggerEvent(api.routingKey, openKeys[0]!.dedup_key))).status).toBe(202);
      await t.settle();
    });
    await scenario.run('ingest and fold: an alert resolved', async () => {
      expect((await enqueue(t, { routing_key: api.routingKey, event_action: 'resolve', dedup_key: openKeys[1]!.dedup_key })).status).toBe(202);
      await t.settle();
    });
    await secondLevel(t, a.token, team);
    await scenario.run('ingest and fold: a new incident on a service with a policy', async () => {
      expect((await enqueue(t, triggerEvent(api.routingKey, 'query-plans-new'))).status).toBe(202);
      await t.settle();
    });
    await firstLevelOver(db, triggerEvent(api.routingKey, 'query-plans-new').payload.summary);
    // The engine: due escalations, stranded notifications, the outbox relay, heartbeats, webhook redeliveries.
    await scenario.run('engine pass', () => t.vigil.engine.settle());
    // Incident commands on an open incident with scheduled notifications.
    for (const action of ['acknowledge', 'resolve']) {
      const response = await scenario.run(`POST /incidents/:id/${action}`, () => request(t, 'POST', `/api/v1/incidents/${open.id}/${action}`, { token: a.token }));
      expect(response.status).toBe(200);
    }

    // Planned as during a storm, when the relay has a backlog of domain events to hand on (its table is small
    // otherwise, and its statistics say so).
    await db.query(`insert into outbox_relay (outbox_id, org_id) select id, org_id from outbox order by id desc limit 5000 on conflict do nothing`);
    await db.query('analyze outbox_relay');
    // And as during a flood, with thousands of events waiting to be folded (nobody folds these meanwhile: the
    // test holds the fold lock): the fold's read of a full batch still looks its keys up among open alerts one
    // by one. Planned for a few, the check was right; for hundreds, it once read every open alert into a hash.
    await db.query('select pg_advisory_lock($1)', [FOLD_LOCK]);
    let offences: string[];
    try {
      await db.query(
        `insert into events (org_id, service_id, integration_id, kind, action, dedup_key, payload, received_at)
         select $1, $2, $3, 'alert', 'trigger', 'flood-' || n, jsonb_build_object('summary', 'flood', 'severity', 'error', 'source', 'host'), now() from generate_series(1, 5000) n`,
        [a.orgId, api.serviceId, api.integrationId],
      );
      await db.query('analyze events');
      offences = await planOffences(db, recorded.values(), rowsOf);
      await db.query(`delete from events where folded_at is null and dedup_key like 'flood-%'`);
      await db.query('analyze events');
    } finally {
      await db.query('select pg_advisory_unlock($1)', [FOLD_LOCK]);
    }
    const texts = [...recorded.values()].map((statement) => statement.text);

    // The background queries the scenarios must have reached (else their plans went unchecked).
    const reached = {
      'fold: pending events': /from "events" left join "services".*"folded_at" is null/s,
      'fold: open alerts of the batch': /from "alerts" where "alerts"\."id" in \(select a\.id from jsonb_to_recordset/s,
      'escalations: due rows': /from "incident_escalations" left join "incidents" .*where .*"next_escalation_at" <= .*for update of "incident_escalations" skip locked/s,
      'escalations: level left behind': /update notifications set status = 'cancelled'/,
      'stranded notifications': /from "notifications" where \("notifications"\."queued_at" is null/,
      'open incidents by severity': /from "incidents" where "incidents"\."status" <> 'resolved' group by "incidents"\."severity"/,
      'outbox relay: events to hand on': /^select .* from "outbox_relay"/s,
      'webhooks: overdue deliveries': /from "webhook_deliveries" where \("webhook_deliveries"\."status" = 'pending' and "webhook_deliveries"\."next_attempt_at" <=/,
    };
    expect(Object.entries(reached).filter(([, pattern]) => !texts.some((text) => pattern.test(text))).map(([name]) => name)).toEqual([]);
    expect(offences, offences.join('\n\n')).toEqual([]);
  });
});

/** A second level on the team's policy: an incident left at the first level past its delay escalates to it. */
async function secondLevel(t: TestVigil, token: string, team: Awaited<ReturnType<typeof rotatingTeam>>): Promise<void> {
  const levels = [
    { delay_minutes: 30, targets: [{ type: 'schedule', id: team.scheduleId }] },
    { delay_minutes: 30, targets: [{ type: 'user', id: team.ownerId }] },
  ];
  expect((await request(t, 'PATCH', `/api/v1/escalation-policies/${team.policyId}`, { token, body: { levels } })).status).toBe(200);
}

/**
 * The fold enters a new incident's first level itself; the engine takes it on from there. Its first level's
 * delay over (made due in the database, as the clock would), the engine's next pass escalates it.
 */
async function firstLevelOver(db: pg.Client, title: string): Promise<void> {
  const due = await db.query(`update incident_escalations set next_escalation_at = now() where level = 0 and status = 'active' and incident_id in (select id from incidents where title = $1)`, [title]);
  expect(due.rowCount).toBe(1);
}

/**
 * The fold's and the engine's statements join a batch's rows (a `jsonb_to_recordset` the planner reckons at 100
 * rows, or the live stream's numbering, up to 500 at once) with the tables. On a big table the planner reads
 * those by index anyway; on one of a few thousand rows, as an installation's open alerts, its recent events or
 * its domain events are, it would rather read the whole table once a pass, unless each statement says otherwise.
 */
suite(`fold and engine plans on a mid-size database [postgres]${postgresUrl ? '' : ' (skipped: TEST_DATABASE_URL is unset)'}`, () => {
  let t: TestVigil;
  let db: pg.Client;
  let close: (() => Promise<void>) | undefined;
  const OPEN = 3000;

  beforeAll(async () => {
    ({ t, db, close } = await recordedVigil());
  }, 60_000);

  afterAll(() => close?.());

  it(`reads a batch's rows by index with ${OPEN.toLocaleString('en')} open alerts, their reminders, and twice as many events and domain events`, { timeout: 60_000 }, async () => {
    const org = await newOrganisation(t);
    const api = await newIntegration(t, org.token);
    const team = await rotatingTeam(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${api.serviceId}`, { token: org.token, body: { escalation_policy_id: team.policyId } })).status).toBe(200);
    await db.query(
      `insert into incidents (id, org_id, number, service_id, title, status, severity, urgency, alert_count, open_alert_count, created_at, updated_at)
       select gen_random_uuid(), $1, n, $2, 'Incident ' || n, 'triggered', 'error', 'high', 1, 1, now() - n * interval '1 minute', now() from generate_series(1, ${OPEN}) n`,
      [org.orgId, api.serviceId],
    );
    await db.query(`update organizations set incident_counter = ${OPEN} where id = $1`, [org.orgId]);
    await db.query(
      `insert into alerts (id, org_id, service_id, integration_id, incident_id, dedup_key, status, summary, severity, source, links, images, event_count, created_at, last_event_at)
       select gen_random_uuid(), i.org_id, i.service_id, $1, i.id, 'open-' || i.number, 'triggered', i.title, 'error', 'host', '[]', '[]', 1, i.created_at, i.created_at from incidents i`,
      [api.integrationId],
    );
    await db.query(`insert into incident_escalations (incident_id, org_id, levels, repeat_count, level, loop, status, next_escalation_at, assignees, updated_at)
      select i.id, i.org_id, '[]', 0, 0, 0, 'active', now() + interval '20 minutes', '[]', i.created_at from incidents i`);
    // Each open incident's reminder still to come ("again after 5 minutes"), its job queued long ago.
    await db.query(`insert into notifications (id, org_id, incident_id, user_id, contact_method_id, channel, address, level, loop, due_at, status, queued_at, created_at)
      select gen_random_uuid(), i.org_id, i.id, gen_random_uuid(), gen_random_uuid(), 'email', 'oncall@example.com', 0, 0, now() + interval '5 minutes', 'scheduled', i.created_at, i.created_at from incidents i`);
    await db.query(
      `insert into events (org_id, service_id, integration_id, kind, action, dedup_key, payload, received_at, folded_at, outcome)
       select $1, $2, $3, 'alert', 'trigger', 'open-' || (n % ${OPEN}), jsonb_build_object('summary', 'disk full', 'severity', 'error', 'source', 'host'),
         now() - n * interval '1 second', now() - n * interval '1 second', 'deduplicated' from generate_series(1, ${2 * OPEN}) n`,
      [org.orgId, api.serviceId, api.integrationId],
    );
    // Domain events the outbox keeps for the live stream's replay, the latest 600 still to be numbered (a
    // burst): the numbering pass takes up to 500 at once.
    await db.query(
      `insert into outbox (org_id, type, subject_id, data, created_at)
       select $1, 'incident.triggered', gen_random_uuid(), '{}', now() - n * interval '1 second' from generate_series(1, ${2 * OPEN}) n`,
      [org.orgId],
    );
    await db.query('delete from outbox_relay');
    await db.query('delete from stream_pending where outbox_id not in (select id from outbox order by id desc limit 600)');
    await db.query('analyze');
    const rowsOf = await tableRows(db);
    recorded.clear();

    // Repeats of open alerts, one resolved, and a new incident that enters its policy's first level, then,
    // once that level's delay is over, the second.
    await secondLevel(t, org.token, team);
    const batch = [1, 2, 3].map((n) => triggerEvent(api.routingKey, `open-${n}`));
    for (const event of [...batch, { routing_key: api.routingKey, event_action: 'resolve', dedup_key: 'open-4' }, triggerEvent(api.routingKey, 'mid-size-new')]) {
      expect((await enqueue(t, event)).status).toBe(202);
    }
    await t.settle();
    await firstLevelOver(db, triggerEvent(api.routingKey, 'mid-size-new').payload.summary);
    await t.vigil.engine.settle();
    const incidents = await request(t, 'GET', '/api/v1/incidents?status=triggered&limit=1', { token: org.token });
    expect(incidents.body.incidents[0].title).toBe(triggerEvent(api.routingKey, 'mid-size-new').payload.summary);

    const batchWrites = [...recorded.values()].filter((statement) => /jsonb_to_recordset|from stream_pending/.test(statement.text));
    for (const pattern of [/update events e set folded_at/, /update alerts a set status/, /update incident_escalations e set level/, /update notifications set status = 'cancelled'/, /delete from stream_pending/]) {
      expect(batchWrites.some((statement) => pattern.test(statement.text)), String(pattern)).toBe(true);
    }
    const offences = await planOffences(db, batchWrites, rowsOf);
    expect(offences, offences.join('\n\n')).toEqual([]);
  });
});

/**
 * A statement kept prepared runs by the plan its connection made early on, often over tables still empty, and
 * keeps it until the tables are next analyzed. Made then, where every way in costs the same, a lookup by id
 * must still take the row's own key, not walk everything its organisation has.
 */
suite(`plans made over empty tables [postgres]${postgresUrl ? '' : ' (skipped: TEST_DATABASE_URL is unset)'}`, () => {
  let t: TestVigil;
  let db: pg.Client;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ t, db, close } = await recordedVigil());
  }, 60_000);

  afterAll(() => close?.());

  it('finds the notification to deliver by its id', { timeout: 60_000 }, async () => {
    const org = await newOrganisation(t);
    const api = await newIntegration(t, org.token);
    const team = await rotatingTeam(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${api.serviceId}`, { token: org.token, body: { escalation_policy_id: team.policyId } })).status).toBe(200);
    expect((await enqueue(t, triggerEvent(api.routingKey, 'empty-tables'))).status).toBe(202);
    await t.settle();
    await t.vigil.engine.settle();
    const [incident] = (await request(t, 'GET', '/api/v1/incidents', { token: org.token })).body.incidents as Array<{ id: string }>;
    await expect
      .poll(async () => (await request(t, 'GET', `/api/v1/incidents/${incident!.id}/notifications`, { token: org.token })).body.notifications.map((n: { status: string }) => n.status), { timeout: 20_000 })
      .toContain('sent');

    const loader = [...recorded.values()].find((statement) => /^select .* from "notifications" inner join "incidents"/s.test(statement.text));
    expect(loader, 'the delivery of a notification was not recorded').toBeDefined();
    const plan = await genericPlan(db, loader!);
    expect(plan, 'the loader could not be prepared').toBeDefined();
    const reads = [...planNodes(plan!)].filter(({ node }) => node['Relation Name'] === 'notifications' || node['Relation Name'] === 'incidents');
    expect(
      reads.map(({ node }) => `${node['Relation Name']} by ${node['Index Name'] ?? node['Node Type']}`),
      planText(plan!),
    ).toEqual(['notifications by notifications_pkey', 'incidents by incidents_pkey']);
  });
});
