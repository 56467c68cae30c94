// Alert to first notification job: a service whose escalation policy pages a user immediately receives
// triggers at a steady 500 events/s; for a sample of the incidents they opened, the time from when the sender
// sent the incident's first event (its due time in the paced load) to its first notification job being queued
// (queued_at in the delivery log). Also printed: the same from the incident's created_at, the event's receipt,
// which leaves out however long the request waited to be read, the part that grows when the server's core is
// overloaded. Target: p99 ≤ 250 ms. Two shapes: 100 repeating dedup keys (an alert storm: 100 incidents open in
// the first 0.2 s, the rest deduplicates into them) and unique keys (every event a new incident and an
// e-mail: 500 pages per second, far past any real on-call load, to find where it breaks).
import { setTimeout as delay } from 'node:timers/promises';
import { type BenchTarget, setUpTarget, waitForFold } from './api-client.ts';
import type { IngestSettings } from './ingest.ts';
import type { LoadSpec } from './load.ts';
import { runLoad } from './load-runner.ts';
import { createBenchDatabase, postgresVersion } from './pg-database.ts';
import type { Report } from './report.ts';
import { ServerProcess, tempDataDir } from './server-process.ts';

const RATE = 500;
const TARGET_P99_MS = 250;
const SAMPLE = 300;

async function call<T>(target: BenchTarget, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The admin pages themself at once for every incident of the bench service. */
async function addPolicy(target: BenchTarget): Promise<void> {
  const me = await call<{ user: { id: string } }>(target, 'GET', '/api/v1/me');
  const policy = await call<{ id: string }>(target, 'POST', '/api/v1/escalation-policies', { name: 'Bench policy', levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: me.user.id }] }] });
  await call(target, 'PATCH', `/api/v1/services/${target.serviceId}`, { escalation_policy_id: policy.id });
}

interface IncidentRow {
  id: string;
  created_at: string;
}

interface Sampled {
  /** From the incident's created_at (the event's receipt: after it waited to be read and parsed). */
  fromReceipt: number[];
  /** From when its first event was due at the sender: what a paged person waits, intake queue included. */
  fromSend: number[];
  /** The two stages after the receipt: to the escalation pass that wrote the notification (the fold's pass and the waits around it), then that pass itself up to queueing its job. */
  toEscalation: number[];
  inEscalation: number[];
  missing: number;
}

/** Incidents opened since `runStartedAt` (the run's, not the warm-ups'). */
async function sampleLatencies(target: BenchTarget, runStartedAt: string, expected: number, firstDueAtByKey: Record<string, number>): Promise<Sampled> {
  const incidents: IncidentRow[] = [];
  let cursor: string | null = null;
  do {
    const page: { incidents: IncidentRow[]; next_cursor: string | null } = await call(target, 'GET', `/api/v1/incidents?limit=100&since=${encodeURIComponent(runStartedAt)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    incidents.push(...page.incidents);
    cursor = page.next_cursor;
  } while (cursor && incidents.length < expected);
  const step = Math.max(1, Math.floor(incidents.length / SAMPLE));
  const sampled: Sampled = { fromReceipt: [], fromSend: [], toEscalation: [], inEscalation: [], missing: 0 };
  for (let index = 0; index < incidents.length; index += step) {
    const incident = incidents[index]!;
    const log = await call<{ notifications: Array<{ queued_at: string | null; created_at: string }> }>(target, 'GET', `/api/v1/incidents/${incident.id}/notifications`);
    const queued = log.notifications.flatMap((notification) => (notification.queued_at === null ? [] : [{ queuedAt: Date.parse(notification.queued_at), createdAt: Date.parse(notification.created_at) }]));
    if (queued.length === 0) {
      sampled.missing += 1;
      continue;
    }
    const first = queued.reduce((earliest, next) => (next.queuedAt < earliest.queuedAt ? next : earliest));
    const firstQueued = first.queuedAt;
    sampled.fromReceipt.push(firstQueued - Date.parse(incident.created_at));
    sampled.toEscalation.push(first.createdAt - Date.parse(incident.created_at));
    sampled.inEscalation.push(first.queuedAt - first.createdAt);
    const detail = await call<{ alerts: Array<{ dedup_key: string }> }>(target, 'GET', `/api/v1/incidents/${incident.id}`);
    const due = detail.alerts.map((alert) => firstDueAtByKey[alert.dedup_key]).find((at) => at !== undefined);
    if (due === undefined) throw new Error(`incident ${incident.id}: none of its alerts' keys was sent by this run`);
    sampled.fromSend.push(firstQueued - due);
  }
  return sampled;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function pagingRun(report: Report, settings: IngestSettings, server: ServerProcess, store: string, keys: 'unique' | 'repeat'): Promise<void> {
  const scenario = `${store}, ${keys === 'unique' ? 'unique keys' : '100 repeating keys'}`;
  const target = await setUpTarget(server.url);
  if (settings.warmupSeconds > 0) {
    // Unreported, before the service pages anyone: the figures describe a warmed-up server (WebAssembly and JIT
    // compiled), as in the ingest suites. Its incidents are older than the measured ones, so never sampled.
    const warmup: LoadSpec = { url: server.url, routingKey: target.routingKey, connections: 50, durationSeconds: settings.warmupSeconds, keys: 'unique', repeatKeys: 1, keyPrefix: `warmup-${keys}`, overallRate: RATE, generator: 'paced' };
    await runLoad(warmup, settings.pinning.load);
    await waitForFold(target, settings.foldWaitMs);
  }
  await addPolicy(target);
  if (settings.warmupSeconds > 0) {
    // The paging path (escalation, notification jobs, delivery) warmed up too, on other keys: a storm of its
    // own, so the measured one does not time the first compilation of that code. Cold, the PGlite storm's
    // p99 was 700 and 1,118 ms in two runs interleaved with two warmed ones (321, 372 ms). Its incidents are
    // older than the measured run's, so never sampled.
    const warmup: LoadSpec = { url: server.url, routingKey: target.routingKey, connections: 50, durationSeconds: settings.warmupSeconds, keys: 'repeat', repeatKeys: 100, keyPrefix: `warmup-paging-${keys}`, overallRate: RATE, generator: 'paced' };
    await runLoad(warmup, settings.pinning.load);
    await waitForFold(target, settings.foldWaitMs);
    await delay(3000); // its pages delivered
  }
  const runStartedAt = new Date().toISOString();
  const cpuBefore = server.cpuSeconds() ?? NaN;
  const spec: LoadSpec = { url: server.url, routingKey: target.routingKey, connections: 50, durationSeconds: settings.durationSeconds, keys, repeatKeys: 100, keyPrefix: `paging-${keys}`, overallRate: RATE, generator: 'paced' };
  process.stdout.write(`  ${scenario}: ${RATE} events/s for ${settings.durationSeconds} s… `);
  const result = await runLoad(spec, settings.pinning.load);
  await waitForFold(target, settings.foldWaitMs);
  await delay(2000); // the engine's last passes
  // Less noisy than the latencies: what the run cost Vigil's process (not PostgreSQL's), per event sent.
  const cpuPerEventMs = (((server.cpuSeconds() ?? NaN) - cpuBefore) * 1000) / result.ok2xx;
  const sampled = await sampleLatencies(target, runStartedAt, keys === 'unique' ? result.ok2xx : 100, result.firstDueAtByKey ?? {});
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
  };
  const fromSend = summary(sampled.fromSend);
  const fromReceipt = summary(sampled.fromReceipt);
  const toEscalation = summary(sampled.toEscalation);
  const inEscalation = summary(sampled.inEscalation);
  const p50p99 = (stage: { p50: number; p99: number }) => `${Math.round(stage.p50)}/${Math.round(stage.p99)} ms`;
  console.log(
    `ingest p99 ${result.latencyMs.p99.toFixed(1)} ms; alert → first notification job p50 ${Math.round(fromSend.p50)} ms, p99 ${Math.round(fromSend.p99)} ms, max ${Math.round(fromSend.max)} ms from the send (from the receipt: p99 ${Math.round(fromReceipt.p99)} ms) over ${sampled.fromSend.length} incidents (${sampled.missing} without a job); server CPU ${cpuPerEventMs.toFixed(2)} ms per event`,
  );
  console.log(`    stages p50/p99: receipt → escalation pass ${p50p99(toEscalation)}, escalation pass → job queued ${p50p99(inEscalation)}`);
  report.meta[`paging ${scenario}`] = { rate: RATE, ok2xx: result.ok2xx, ingestLatencyMs: result.latencyMs, sampled: sampled.fromSend.length, missing: sampled.missing, alertToJobMs: fromSend, receiptToJobMs: fromReceipt, receiptToEscalationPassMs: toEscalation, escalationPassToJobMs: inEscalation, serverCpuPerEventMs: cpuPerEventMs };
  report.check(`${scenario}: incidents without a notification job`, sampled.missing, '', { equals: 0 }, 'assertion');
  report.check(`${scenario}: alert (sent) → first notification job p99`, Math.round(fromSend.p99), 'ms', { atMost: TARGET_P99_MS });
}

export async function pagingPgliteSuite(report: Report, settings: IngestSettings): Promise<void> {
  console.log('Paging latency, PGlite');
  for (const keys of ['repeat', 'unique'] as const) {
    const data = tempDataDir(`paging-${keys}`);
    try {
      const server = await ServerProcess.start({ role: 'start', dataDir: data.dir, cpus: settings.pinning.server });
      await pagingRun(report, settings, server, 'PGlite', keys);
      await server.stop();
    } finally {
      await data.remove();
    }
  }
}

export async function pagingPostgresSuite(report: Report, settings: IngestSettings): Promise<void> {
  const version = await postgresVersion();
  if (!version.ok) {
    report.skipped.push({ suite: 'paging:postgres', reason: `PostgreSQL not reachable (${version.error})` });
    return;
  }
  console.log('Paging latency, PostgreSQL');
  for (const keys of ['repeat', 'unique'] as const) {
    const database = await createBenchDatabase();
    try {
      const server = await ServerProcess.start({ role: 'start', databaseUrl: database.url, cpus: settings.pinning.server });
      await pagingRun(report, settings, server, 'PostgreSQL', keys);
      await server.stop();
    } finally {
      await database.drop();
    }
  }
}
