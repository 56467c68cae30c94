// The live stream's load process (a process of its own, so the server's clients are not the bench's event
// loop): opens WebSocket clients of one organisation, round-robin over the given servers, then either
// `latency` — triggers events one at a time through /v2/enqueue and times, for each, from its 202 to the last
// client's receipt of its incident.triggered — or `idle` — holds the connections until told to close (a line
// on stdin). Prints `start` once every client is live, then one JSON line.
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';

export interface StreamLoadSpec {
  mode: 'latency' | 'idle';
  /** Base URLs of the servers (http://…); clients are spread over them in turn. */
  servers: string[];
  token: string;
  /** Where events are ingested (the first server in the scaled run). */
  ingestUrl: string;
  routingKey: string;
  clients: number;
  events: number;
  warmupEvents: number;
  gapMs: number;
  /** The load runner's limit (idle: how long connections may be held). */
  durationSeconds: number;
}

export interface StreamLoadResult {
  clients: number;
  /** Per server (index into `servers`): p50/p99 of 202 → the last of its clients' receipt. */
  perServer: Array<{ p50: number; p99: number }>;
  p50: number;
  p99: number;
  max: number;
  /** From the request's start instead of its 202: what the 202's own latency adds. */
  fromSend: { p50: number; p99: number };
  missing: number;
  duplicates: number;
  non202: number;
  /** Clients the server closed during the run, by close code and reason (a slow consumer, say). */
  closedByServer: Record<string, number>;
  cpuPercent: number;
}

const OPEN_AT_ONCE = 200;
const STRAGGLER_WAIT_MS = 10_000;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

interface Client {
  index: number;
  server: number;
  socket: WebSocket;
  /** The server's `ready` came: from now on only probe messages are parsed. */
  ready: boolean;
}

/**
 * When each client received each event (ms, performance clock; 0: not yet), a row of `clients` per event.
 * Flat and allocated once: the load process's own garbage collection would otherwise add its pauses to the
 * figures it measures (traced: pauses of 8–19 ms in the tail with a map of maps here).
 */
let receipts = new Float64Array(0);
/** Row of each event's dedup key in `receipts`. */
const rows = new Map<string, number>();
let duplicates = 0;
const closedByServer: Record<string, number> = {};
let finishing = false;
/** In every key this process sends: a message without it is background traffic, counted by nobody, so not parsed. */
const PROBE_MARK = `probe-${process.pid}-`;

function open(spec: StreamLoadSpec, index: number): Promise<Client> {
  const server = index % spec.servers.length;
  const url = `${spec.servers[server]!.replace(/^http/, 'ws')}/api/v1/stream`;
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${spec.token}` }, perMessageDeflate: false });
  const client: Client = { index, server, socket, ready: false };
  return new Promise((resolve, reject) => {
    socket.on('message', (raw) => {
      const at = performance.now();
      // Under a background load every client gets thousands of other messages a second; parsing them all
      // made this process fall behind until the server closed its clients as slow consumers.
      if (client.ready && (raw as Buffer).indexOf(PROBE_MARK) === -1) return;
      const message = JSON.parse(raw.toString()) as { type: string; data: { dedup_key?: string } };
      if (message.type === 'ready') {
        client.ready = true;
        return resolve(client);
      }
      if (message.type !== 'incident.triggered' || !message.data.dedup_key) return;
      const row = rows.get(message.data.dedup_key);
      if (row === undefined) return;
      const slot = row * spec.clients + index;
      if (receipts[slot] !== 0) duplicates += 1;
      else receipts[slot] = at;
    });
    socket.once('close', (code, reason) => {
      if (finishing) return;
      const key = `${code} ${reason.toString()}`.trim();
      closedByServer[key] = (closedByServer[key] ?? 0) + 1;
    });
    socket.once('unexpected-response', (_request, response) => reject(new Error(`${url} answered ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

async function trigger(spec: StreamLoadSpec, key: string): Promise<boolean> {
  const response = await fetch(`${spec.ingestUrl}/v2/enqueue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_key: spec.routingKey, event_action: 'trigger', dedup_key: key, payload: { summary: `stream bench ${key}`, source: 'bench', severity: 'critical' } }),
  });
  await response.arrayBuffer();
  return response.status === 202;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as StreamLoadSpec;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const warmupKeys = Array.from({ length: spec.warmupEvents }, (_, index) => `${PROBE_MARK}warm-${index}`);
  const keys = Array.from({ length: spec.events }, (_, index) => `${PROBE_MARK}ev-${index}`);
  for (const key of [...warmupKeys, ...keys]) rows.set(key, rows.size);
  receipts = new Float64Array(rows.size * spec.clients);
  const clients: Client[] = [];
  for (let index = 0; index < spec.clients; index += OPEN_AT_ONCE) {
    const count = Math.min(OPEN_AT_ONCE, spec.clients - index);
    clients.push(...(await Promise.all(Array.from({ length: count }, (_, offset) => open(spec, index + offset)))));
  }
  process.stdout.write('start\n');
  if (spec.mode === 'idle') {
    await new Promise((resolve) => process.stdin.once('data', resolve));
  } else {
    let non202 = 0;
    const acknowledged = new Map<string, number>();
    const sent = new Map<string, number>();
    const send = async (key: string) => {
      sent.set(key, performance.now());
      const ok = await trigger(spec, key);
      acknowledged.set(key, performance.now());
      if (!ok) non202 += 1;
    };
    for (const key of warmupKeys) {
      await send(key);
      await delay(spec.gapMs);
    }
    for (const key of keys) {
      await send(key);
      await delay(spec.gapMs);
    }
    const received = (key: string) => {
      const row = rows.get(key)! * spec.clients;
      let count = 0;
      for (let index = 0; index < spec.clients; index += 1) if (receipts[row + index] !== 0) count += 1;
      return count;
    };
    const deadline = performance.now() + STRAGGLER_WAIT_MS;
    while (performance.now() < deadline && keys.some((key) => received(key) < clients.length)) await delay(20);
    const lastReceipt = (key: string, server?: number, from = acknowledged) => {
      const row = rows.get(key)! * spec.clients;
      let last = -Infinity;
      for (const client of clients) if (server === undefined || client.server === server) last = Math.max(last, receipts[row + client.index]!);
      return last - (from.get(key) ?? NaN);
    };
    const complete = keys.filter((key) => received(key) === clients.length);
    const latencies = complete.map((key) => lastReceipt(key));
    const fromSend = complete.map((key) => lastReceipt(key, undefined, sent));
    const cpu = process.cpuUsage(cpuStart);
    const result: StreamLoadResult = {
      clients: clients.length,
      perServer: spec.servers.map((_, server) => {
        const values = complete.map((key) => lastReceipt(key, server));
        return { p50: percentile(values, 50), p99: percentile(values, 99) };
      }),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      fromSend: { p50: percentile(fromSend, 50), p99: percentile(fromSend, 99) },
      missing: keys.reduce((sum, key) => sum + clients.length - received(key), 0),
      duplicates,
      non202,
      closedByServer,
      cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - wallStart)) * 100),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  finishing = true;
  for (const client of clients) client.socket.terminate();
  if (spec.mode === 'idle') process.stdout.write(`${JSON.stringify({ clients: clients.length })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
