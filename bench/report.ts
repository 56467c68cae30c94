// What the bench found: figures per scenario, checks against the floors, and how to print them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LatencySummary } from './load.ts';

export interface ThroughputFigure {
  scenario: string;
  store: 'pglite' | 'postgres';
  fsync: boolean | null;
  keys: 'unique' | 'repeat';
  /** The closed-loop load generator: wrk when installed, else autocannon. */
  generator: 'wrk' | 'autocannon';
  connections: number;
  durationSeconds: number;
  /** 2xx answers per second. */
  eventsPerSecond: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: LatencySummary;
  /** Peak RSS of the server during the load and the fold catch-up after it. */
  peakRssMb: number;
  serverCpuPercent: number | null;
  /** 2xx answers per CPU-second the server used: less sensitive to other load on the machine than events/s. */
  eventsPerServerCpuSecond: number | null;
  loadCpuPercent: number;
  /** CPU of every other process during the load (PostgreSQL's included), in percent of one core. */
  otherCpuPercent: number | null;
  /** Time from the end of the load until no event was pending fold; null if not within the limit. */
  foldCatchUpMs: number | null;
}

export interface FixedRateFigure {
  scenario: string;
  store: 'pglite' | 'postgres';
  /** `paced`: steady open loop; `autocannon`: overallRate, one burst per connection each second. */
  generator: 'paced' | 'autocannon';
  targetRate: number;
  achievedRate: number;
  connections: number;
  durationSeconds: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  latencyMs: LatencySummary;
  peakRssMb: number;
  serverCpuPercent: number | null;
}

export interface MeasureFigure {
  scenario: string;
  /** e.g. idle RSS, time to ready, a latency percentile */
  metric: string;
  value: number;
  unit: 'MB' | 'KB' | 'ms' | 'events/s' | '%';
  note?: string;
}

export interface QueueFigure {
  scenario: string;
  /** Jobs enqueued by `callers` at once, then processed by a no-op handler at `concurrency`. */
  jobs: number;
  callers: number;
  concurrency: number;
  enqueuedPerSecond: number;
  /** From start until every outcome was written (the queue's close waits for that). */
  processedPerSecond: number;
  /** Delayed jobs, due evenly over `spreadMs`, enqueued in random order before the first is due. */
  delayedJobs: number;
  ran: number;
  spreadMs: number;
  /** Handler start minus due time. */
  latenessMs: { p50: number; p99: number; max: number };
  /** Jobs that started before they were due (must be 0). */
  early: number;
  /** Jobs whose enqueue returned after their due time (the bench's lead was too short): their lateness is flattered. */
  enqueuedLate: number;
}

export interface Check {
  name: string;
  value: number | null;
  unit: string;
  /** Human form of the requirement, e.g. "≥ 5000". */
  floor: string;
  pass: boolean;
  /** Assertions (non-2xx = 0, nothing lost) rather than performance floors. */
  kind: 'floor' | 'assertion';
}

export interface DurabilityFigure {
  scenario: string;
  acknowledged: number;
  sent: number;
  stored: number;
  outcomes: Record<string, number>;
}

export class Report {
  readonly startedAt = new Date().toISOString();
  readonly meta: Record<string, unknown> = {};
  readonly throughput: ThroughputFigure[] = [];
  readonly fixedRate: FixedRateFigure[] = [];
  readonly measures: MeasureFigure[] = [];
  readonly durability: DurabilityFigure[] = [];
  readonly queue: QueueFigure[] = [];
  readonly checks: Check[] = [];
  readonly errors: Array<{ suite: string; message: string }> = [];
  readonly skipped: Array<{ suite: string; reason: string }> = [];

  check(name: string, value: number | null, unit: string, floor: { atLeast?: number; atMost?: number; equals?: number }, kind: Check['kind'] = 'floor'): void {
    let pass = value !== null;
    if (value !== null && floor.atLeast !== undefined) pass &&= value >= floor.atLeast;
    if (value !== null && floor.atMost !== undefined) pass &&= value <= floor.atMost;
    if (value !== null && floor.equals !== undefined) pass &&= value === floor.equals;
    const text = floor.atLeast !== undefined ? `≥ ${floor.atLeast}` : floor.atMost !== undefined ? `≤ ${floor.atMost}` : `= ${floor.equals}`;
    this.checks.push({ name, value, unit, floor: text, pass, kind });
  }

  get failed(): boolean {
    return this.errors.length > 0 || this.checks.some((check) => !check.pass);
  }

  toJSON() {
    return {
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      meta: this.meta,
      throughput: this.throughput,
      fixedRate: this.fixedRate,
      measures: this.measures,
      durability: this.durability,
      queue: this.queue,
      checks: this.checks,
      skipped: this.skipped,
      errors: this.errors,
    };
  }

  write(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(this.toJSON(), null, 2)}\n`);
  }

  print(): void {
    const out: string[] = [];
    if (this.throughput.length > 0) {
      out.push('', 'Throughput: POST /v2/enqueue, as fast as the server answers (CPU in % of one core; "per CPU-s" = events per CPU-second of the server; "other" = every other process, PostgreSQL included)');
      out.push(
        table(
          ['scenario', 'generator', 'events/s', 'non-2xx', 'errors', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB', 'server CPU', 'per CPU-s', 'load CPU', 'other CPU', 'fold catch-up'],
          this.throughput.map((f) => [
            f.scenario,
            f.generator,
            whole(f.eventsPerSecond),
            String(f.non2xx),
            String(f.errors + f.timeouts),
            ms(f.latencyMs.p50),
            ms(f.latencyMs.p99),
            ms(f.latencyMs.max),
            whole(f.peakRssMb),
            percent(f.serverCpuPercent),
            f.eventsPerServerCpuSecond === null ? 'n/a' : whole(f.eventsPerServerCpuSecond),
            percent(f.loadCpuPercent),
            percent(f.otherCpuPercent),
            f.foldCatchUpMs === null ? 'not caught up' : seconds(f.foldCatchUpMs),
          ]),
        ),
      );
    }
    if (this.fixedRate.length > 0) {
      out.push('', 'Fixed rate: POST /v2/enqueue, unique keys. paced = steady open loop, latency from when each request was due;');
      out.push('autocannon = overallRate, which sends each connection\'s share of a second in one burst when the second starts');
      out.push(
        table(
          ['scenario', 'generator', 'target/s', 'achieved/s', 'non-2xx', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB', 'server CPU'],
          this.fixedRate.map((f) => [
            f.scenario,
            f.generator,
            whole(f.targetRate),
            whole(f.achievedRate),
            String(f.non2xx),
            ms(f.latencyMs.p50),
            ms(f.latencyMs.p99),
            ms(f.latencyMs.max),
            whole(f.peakRssMb),
            percent(f.serverCpuPercent),
          ]),
          [0, 1],
        ),
      );
    }
    if (this.measures.length > 0) {
      out.push('', 'Memory, start-up and latency');
      out.push(table(['scenario', 'metric', 'value', 'note'], this.measures.map((m) => [m.scenario, m.metric, `${whole(m.value)} ${m.unit}`, m.note ?? '']), [0, 1, 3]));
    }
    if (this.durability.length > 0) {
      out.push('', 'Events stored vs acknowledged (2xx) — stored may exceed 2xx by requests cut off at the end of a run');
      out.push(
        table(
          ['server', 'sent', '2xx', 'stored', 'outcomes'],
          this.durability.map((d) => [
            d.scenario,
            String(d.sent),
            String(d.acknowledged),
            String(d.stored),
            Object.entries(d.outcomes)
              .map(([k, v]) => `${k} ${v}`)
              .join(', '),
          ]),
          [0, 4],
        ),
      );
    }
    if (this.queue.length > 0) {
      const [first] = this.queue;
      out.push('', `Job queue: enqueue by ${first?.callers} callers at once, then process at concurrency ${first?.concurrency} (no-op handler);`);
      out.push(`lateness of ${first?.delayedJobs.toLocaleString('en-US')} delayed jobs due over ${(first?.spreadMs ?? 0) / 1000} s (handler start − due time)`);
      out.push(
        table(
          ['scenario', 'jobs', 'enqueued/s', 'processed/s', 'late p50 ms', 'late p99 ms', 'late max ms', 'early', 'enqueued late'],
          this.queue.map((f) => [f.scenario, String(f.jobs), whole(f.enqueuedPerSecond), whole(f.processedPerSecond), ms(f.latenessMs.p50), ms(f.latenessMs.p99), ms(f.latenessMs.max), String(f.early), String(f.enqueuedLate)]),
        ),
      );
    }
    if (this.checks.length > 0) {
      out.push('', 'Floors and assertions');
      out.push(table(['check', 'value', 'required', 'result'], this.checks.map((c) => [c.name, c.value === null ? 'n/a' : `${roundish(c.value)} ${c.unit}`.trim(), `${c.floor} ${c.unit}`.trim(), c.pass ? 'ok' : c.kind === 'floor' ? 'MISSED' : 'FAILED']), [0, 3]));
    }
    for (const skip of this.skipped) out.push(`skipped ${skip.suite}: ${skip.reason}`);
    for (const error of this.errors) out.push(`ERROR in ${error.suite}: ${error.message}`);
    console.log(out.join('\n'));
  }
}

function roundish(value: number): string {
  return Number.isInteger(value) ? String(value) : value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}

function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function ms(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}

function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${value}%`;
}

/** A plain-text table; columns in `left` are left-aligned, the others (figures) right-aligned. */
function table(headers: string[], rows: string[][], left: number[] = [0]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (left.includes(column) ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
