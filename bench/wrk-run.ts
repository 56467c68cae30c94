// One wrk run inside a load-generator process: wrk (Debian's `wrk` package, written in C) costs the load core
// several times less CPU per request than autocannon, which on a 2-core machine leaves more to the server and
// PostgreSQL. A Lua script gives each request its dedup key and prints the run's summary as JSON when it ends.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult } from './load.ts';

/** Whether a `wrk` binary is on the PATH. */
function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its version and exits 1; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** The closed-loop generator of throughput runs: wrk when installed (BENCH_LOAD=autocannon picks autocannon anyway). */
export const closedLoopGenerator: 'wrk' | 'autocannon' = process.env['BENCH_LOAD'] !== 'autocannon' && wrkAvailable() ? 'wrk' : 'autocannon';

export interface WrkRun {
  url: string;
  path: string;
  connections: number;
  durationSeconds: number;
  /** The request body around its key: `bodyParts.join(key)`. */
  bodyParts: string[];
  /** Keys `<keyPrefix>-<n>`: n counts up (unique) or cycles through 0 … repeatKeys - 1. */
  keyPrefix: string;
  repeatKeys: number | null;
}

/** A Lua long string that holds `text` whatever it contains. */
function luaString(text: string): string {
  let level = 0;
  while (text.includes(`]${'='.repeat(level)}]`)) level += 1;
  const eq = '='.repeat(level);
  // A newline right after the opening bracket would be dropped by Lua; the bodies hold none, but be exact.
  return `[${eq}[\n${text}]${eq}]`;
}

function script(run: WrkRun): string {
  return `
local parts = { ${run.bodyParts.map(luaString).join(', ')} }
local prefix = ${luaString(run.keyPrefix)}
local repeatKeys = ${run.repeatKeys ?? 0}
local headers = { ["Content-Type"] = "application/json" }
local threadCount = 0
local n = -1

function setup(thread)
  thread:set("threadId", threadCount)
  threadCount = threadCount + 1
end

function request()
  n = n + 1
  local key
  if repeatKeys > 0 then key = prefix .. "-" .. (n % repeatKeys)
  else key = prefix .. "-" .. threadId .. "-" .. n end
  return wrk.format("POST", ${luaString(run.path)}, headers, table.concat(parts, key))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nVIGIL_RESULT {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"mean":%f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"cpu":%f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, os.clock()))
end
`;
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  status: number;
  timeout: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** CPU seconds wrk used, all threads (Lua's os.clock). */
  cpu: number;
}

export async function measuredWrk(run: WrkRun): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-wrk-'));
  const scriptPath = join(dir, 'load.lua');
  writeFileSync(scriptPath, script(run));
  try {
    // One thread: the generator has one core. --timeout as autocannon's 10 s.
    const child = spawn('wrk', ['-t1', `-c${run.connections}`, `-d${run.durationSeconds}s`, '--timeout', '10s', '-s', scriptPath, `${run.url}${run.path}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    process.stdout.write('start\n');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const line = stdout.split('\n').find((text) => text.startsWith('VIGIL_RESULT '));
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${stdout}\n${stderr}`);
    const summary = JSON.parse(line.slice('VIGIL_RESULT '.length)) as WrkSummary;
    const wallSeconds = summary.durationUs / 1e6;
    const errors = summary.connect + summary.read + summary.write;
    const ms = (us: number) => Math.round(us / 10) / 100;
    const ok = summary.requests - summary.status;
    return {
      durationSeconds: wallSeconds,
      // wrk counts answered requests only; those cut off at the end are not counted as sent.
      sent: summary.requests,
      completed: summary.requests,
      ok2xx: ok,
      non2xx: summary.status,
      errors,
      timeouts: summary.timeout,
      // wrk tells success (2xx or 3xx) from the rest, not the codes.
      statusCodes: { '2xx/3xx': ok, ...(summary.status > 0 ? { other: summary.status } : {}) },
      latencyMs: { average: ms(summary.mean), p50: ms(summary.p50), p90: ms(summary.p90), p99: ms(summary.p99), p99_9: ms(summary.p999), max: ms(summary.max) },
      cpuPercent: Math.round((summary.cpu / wallSeconds) * 100),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
