// The load generator, run as its own process (`node --import tsx bench/load.ts '<json LoadSpec>'`) so it never
// shares a core or an event loop with the bench or the server. Drives POST /v2/enqueue and prints `start` when
// the load begins, then one JSON line: a LoadResult. Other modules import only its types (erased), never the
// module itself.
//
// Two generators:
// - autocannon: closed loop, each connection sends its next request when the previous one is answered. With
//   `overallRate` it limits each connection to rate/connections requests per one-second window, which it
//   sends back to back when the window opens: a burst every second, not a steady rate.
// - wrk: closed loop like autocannon, but wrk is C and leaves the load core far more idle (bench/wrk-run.ts);
//   throughput runs use it when Debian's `wrk` is installed.
// - paced: open loop at a steady rate (one request every 1/rate s, spread over a keep-alive pool), latency
//   measured from when each request was due, not when it left (no coordinated omission), like wrk2.
import { Agent, request } from 'node:http';
import { measuredAutocannon } from './autocannon-run.ts';
import { measuredWrk } from './wrk-run.ts';

export interface LoadSpec {
  url: string;
  routingKey: string;
  connections: number;
  durationSeconds: number;
  /** `unique`: a new dedup key on every request; `repeat`: `repeatKeys` keys, round robin. */
  keys: 'unique' | 'repeat';
  repeatKeys: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
  /** `paced` needs `overallRate`; `wrk` takes none. */
  generator: 'autocannon' | 'paced' | 'wrk';
  /** Prefix of the dedup keys, so runs against one server do not share keys. */
  keyPrefix: string;
}

export interface LatencySummary {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  max: number;
}

export interface LoadResult {
  durationSeconds: number;
  /** Requests written to the socket. */
  sent: number;
  /** Responses received (any status). */
  completed: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: LatencySummary;
  /** CPU the load generator used during the run, in percent of one core. */
  cpuPercent: number;
  /** Paced only: when each dedup key's first request was due, in epoch milliseconds (an alert's start, as its sender sees it). */
  firstDueAtByKey?: Record<string, number>;
}

// autocannon ships no types; these are the parts used here (see its README).
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: string;
  headers: Record<string, string>;
  body?: string;
  idReplacement?: boolean;
  requests?: AutocannonRequest[];
  overallRate?: number;
  timeout: number;
}

/** A PagerDuty Events API v2 trigger like the ones monitoring tools send. */
function triggerBody(routingKey: string, dedupKey: string): string {
  return JSON.stringify({
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: `High error rate on checkout-api (${dedupKey})`,
      source: 'prometheus-eu-west-1',
      severity: 'critical',
      component: 'checkout-api',
      group: 'payments',
      class: 'http_errors',
      custom_details: { error_rate: '7.3%', threshold: '5%', region: 'eu-west-1' },
    },
    client: 'Bench',
  });
}

async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json' };
  const options: AutocannonOptions = {
    url: `${spec.url}/v2/enqueue`,
    connections: spec.connections,
    duration: spec.durationSeconds,
    method: 'POST',
    headers,
    timeout: 10,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
  };
  if (spec.keys === 'unique') {
    // autocannon puts a new 27-character id in place of [<id>] on every request.
    options.body = triggerBody(spec.routingKey, `${spec.keyPrefix}-[<id>]`);
    options.idReplacement = true;
  } else {
    options.requests = Array.from({ length: spec.repeatKeys }, (_, index) => ({
      method: 'POST',
      path: '/v2/enqueue',
      headers,
      body: triggerBody(spec.routingKey, `${spec.keyPrefix}-${index}`),
    }));
  }
  return measuredAutocannon(options);
}

async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  if (spec.overallRate) throw new Error('the wrk generator runs unlimited only');
  const placeholder = 'VIGIL-KEY-PLACEHOLDER';
  return measuredWrk({
    url: spec.url,
    path: '/v2/enqueue',
    connections: spec.connections,
    durationSeconds: spec.durationSeconds,
    bodyParts: triggerBody(spec.routingKey, placeholder).split(placeholder),
    keyPrefix: spec.keyPrefix,
    repeatKeys: spec.keys === 'repeat' ? spec.repeatKeys : null,
  });
}

/** Open loop at `overallRate` requests/s, keys as `spec.keys` says; latency counts from each request's due time. */
async function runPaced(spec: LoadSpec): Promise<LoadResult> {
  const rate = spec.overallRate;
  if (!rate) throw new Error('the paced generator needs overallRate');
  const target = new URL('/v2/enqueue', spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections, maxFreeSockets: spec.connections });
  const total = Math.round(rate * spec.durationSeconds);
  const latencies = new Float64Array(total);
  const statusCodes: Record<string, number> = {};
  const firstDueAtByKey: Record<string, number> = {};
  let completed = 0;
  let errors = 0;
  let timeouts = 0;
  let sent = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const settle = (index: number, due: number, status: number | undefined) => {
    latencies[index] = performance.now() - due;
    completed += 1;
    if (status !== undefined) statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
    if (completed === total) allDone();
  };
  const send = (index: number, due: number) => {
    sent += 1;
    let done = false;
    const once = (status: number | undefined) => {
      if (done) return;
      done = true;
      settle(index, due, status);
    };
    const key = `${spec.keyPrefix}-${spec.keys === 'repeat' ? index % spec.repeatKeys : index}`;
    firstDueAtByKey[key] ??= performance.timeOrigin + due;
    const body = triggerBody(spec.routingKey, key);
    const req = request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.once('end', () => once(res.statusCode));
        res.once('error', () => {
          if (!done) errors += 1;
          once(undefined);
        });
      },
    );
    req.once('timeout', () => {
      if (!done) timeouts += 1;
      once(undefined);
      req.destroy();
    });
    req.once('error', () => {
      if (!done) errors += 1;
      once(undefined);
    });
    req.end(body);
  };

  process.stdout.write('start\n');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const interval = 1000 / rate;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && started + next * interval <= now) {
        send(next, started + next * interval);
        next += 1;
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(1, started + next * interval - performance.now())));
    };
    tick();
  });
  await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  const measured = Array.from(latencies.subarray(0, completed)).sort((a, b) => a - b);
  const at = (fraction: number) => measured[Math.min(measured.length - 1, Math.floor(fraction * measured.length))] ?? NaN;
  const ok2xx = Object.entries(statusCodes).reduce((sum, [code, count]) => sum + (code.startsWith('2') ? count : 0), 0);
  const answered = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  return {
    durationSeconds: spec.durationSeconds,
    sent,
    completed,
    ok2xx,
    non2xx: answered - ok2xx,
    errors,
    timeouts,
    statusCodes,
    latencyMs: {
      average: measured.reduce((sum, value) => sum + value, 0) / Math.max(1, measured.length),
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      p99_9: at(0.999),
      max: measured.at(-1) ?? NaN,
    },
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / wallSeconds) * 100),
    firstDueAtByKey,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  const run = { paced: runPaced, wrk: runWrk, autocannon: runAutocannon }[spec.generator];
  const result = await run(spec);
  // Exit only once the line is written: with the reader slow to drain the pipe, exiting at once cut the
  // result (hundreds of kilobytes with every key's due time) short.
  await new Promise<void>((resolve, reject) => process.stdout.write(`${JSON.stringify(result)}\n`, (error) => (error ? reject(error) : resolve())));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
