// A Vigil server as a child process: `node bin/vigil.js start|api` (or `npm start`), on a data directory or a
// PostgreSQL database, pinned to a core if asked. It is its own process group, so stopping it reaches every
// process it started (npm → sh → node).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { onCleanup } from './cleanup.ts';
import { cpuSecondsOf, freePort, type Memory, memoryOf, pinned, resetPeakRss } from './proc.ts';

export const repoRoot = join(import.meta.dirname, '..');

/** Settings the parent's environment must not leak into a server under test. */
const VIGIL_SETTINGS = /^(PORT|HOST|DATABASE_URL|DATABASE_POOL_SIZE|REDIS_URL|LOG_LEVEL|VIGIL_[A-Z0-9_]+)$/;

export interface ServerOptions {
  /** `start` runs everything; `api` runs the HTTP API and ingestion (scaled mode). */
  role: 'start' | 'api' | 'worker' | 'scheduler';
  /** Embedded store directory (ignored with databaseUrl). */
  dataDir?: string;
  databaseUrl?: string;
  /** Extra settings, e.g. VIGIL_EMBEDDED_FSYNC. */
  env?: Record<string, string>;
  /** CPU list for taskset. */
  cpus?: string | undefined;
  /** Run through `npm start` instead of `node bin/vigil.js` (role must be start). */
  viaNpm?: boolean;
  readyTimeoutMs?: number;
}

/** A temporary data directory, removed by the returned function (and by the bench's cleanup on failure). */
export function tempDataDir(label: string): { dir: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), `vigil-bench-${label}-`));
  const remove = onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}

export class ServerProcess {
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs = 0;
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private output = '';
  private readonly unregister: () => Promise<void>;
  private sampler: NodeJS.Timeout | undefined;
  private sampledPeakMb = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly label: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    void this.exited.then((code) => {
      this.exitCode = code;
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-16_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.unregister = onCleanup(`stop ${label}`, async () => {
      await this.stopNow();
    });
  }

  /** Spawns the server and waits until /readyz answers 200. */
  static async start(options: ServerOptions): Promise<ServerProcess> {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !VIGIL_SETTINGS.test(key)));
    Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'info' }, options.env ?? {});
    if (options.databaseUrl) env['DATABASE_URL'] = options.databaseUrl;
    else if (options.dataDir) env['VIGIL_DATA_DIR'] = options.dataDir;
    const [command, args] = options.viaNpm
      ? pinned(options.cpus, 'npm', ['start', '--silent'])
      : pinned(options.cpus, process.execPath, [...(process.env['BENCH_SERVER_PROF'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_SERVER_PROF']] : []), 'bin/vigil.js', options.role]);
    const label = `${options.viaNpm ? 'npm start' : `vigil ${options.role}`} on ${options.databaseUrl ? 'PostgreSQL' : 'PGlite'} :${port}`;
    const started = performance.now();
    const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ServerProcess(child, port, label);
    try {
      await server.waitReady(started, options.readyTimeoutMs ?? 60_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last lines the server printed (for error reports). */
  get recentOutput(): string {
    return this.output.trim().split('\n').slice(-15).join('\n');
  }

  memory(): Memory | undefined {
    return memoryOf(this.pid);
  }

  cpuSeconds(): number | undefined {
    return cpuSecondsOf(this.pid);
  }

  /** Starts tracking peak RSS: resets VmHWM and samples VmRSS every 100 ms (in case the reset is refused). */
  beginPeak(): void {
    resetPeakRss(this.pid);
    this.sampledPeakMb = this.memory()?.rssMb ?? 0;
    clearInterval(this.sampler);
    this.sampler = setInterval(() => {
      this.sampledPeakMb = Math.max(this.sampledPeakMb, this.memory()?.rssMb ?? 0);
    }, 100);
  }

  /** Peak RSS in MB since `beginPeak`. */
  endPeak(): number {
    clearInterval(this.sampler);
    this.sampler = undefined;
    return Math.max(this.sampledPeakMb, this.memory()?.hwmMb ?? 0);
  }

  /** SIGTERM to the process group; SIGKILL if it has not exited after `timeoutMs`. Returns how long it took. */
  async stop(timeoutMs = 20_000): Promise<number> {
    const started = performance.now();
    await this.stopNow(timeoutMs);
    const took = performance.now() - started;
    await this.unregister();
    return took;
  }

  private async stopNow(timeoutMs = 20_000): Promise<void> {
    clearInterval(this.sampler);
    if (this.exitCode !== undefined) return;
    this.signal('SIGTERM');
    const timedOut = await Promise.race([this.exited.then(() => false), delay(timeoutMs).then(() => true)]);
    if (timedOut) {
      console.error(`${this.label} did not stop within ${timeoutMs} ms of SIGTERM; killing it`);
      this.signal('SIGKILL');
      await this.exited;
    }
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // already gone
    }
  }

  private async waitReady(started: number, timeoutMs: number): Promise<void> {
    const deadline = started + timeoutMs;
    while (performance.now() < deadline) {
      if (this.exitCode !== undefined) throw new Error(`${this.label} exited (code ${this.exitCode}) before it was ready:\n${this.recentOutput}`);
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        if (response.status === 200) {
          this.readyMs = performance.now() - started;
          return;
        }
      } catch {
        // not listening yet
      }
      await delay(20);
    }
    throw new Error(`${this.label} was not ready within ${timeoutMs} ms:\n${this.recentOutput}`);
  }
}
