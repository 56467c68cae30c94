import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Output kept per process, and how much of it a failure message shows. */
const OUTPUT_KEPT_CHARS = 1_000_000;
const OUTPUT_SHOWN_CHARS = 8_000;
type ProcessRole = 'start' | 'api' | 'worker' | 'scheduler';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A port nobody listens on right now (a child process must be told its port; PORT=0 would hide it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One `node bin/vigil.js <role>` child: its address, its output (for failure messages) and how it ended. */
export class VigilProcess {
  readonly baseUrl: string;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<Exit>;
  private output = '';
  private exit: Exit | undefined;

  private constructor(
    readonly role: ProcessRole,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    const capture = (stream: string) => (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8').replace(/^(?=.)/gm, `[${stream}] `)).slice(-OUTPUT_KEPT_CHARS);
    };
    child.stdout?.on('data', capture('stdout'));
    child.stderr?.on('data', capture('stderr'));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** Spawns the process; env is added to this process's own (DATABASE_URL only when given). */
  static spawn(role: ProcessRole, port: number, env: Record<string, string>): VigilProcess {
    const inherited = { ...process.env };
    delete inherited['DATABASE_URL'];
    delete inherited['VIGIL_DATA_DIR'];
    const child = spawn(process.execPath, ['bin/vigil.js', role], {
      cwd: root,
      env: { ...inherited, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new VigilProcess(role, port, child);
  }

  /**
   * Spawns a process on a free port and waits until /readyz answers 200. Another program can take the
   * port between choosing and binding it; then the next attempt picks another.
   */
  static async start(role: ProcessRole, env: Record<string, string>, timeoutMs = 30_000): Promise<VigilProcess> {
    for (let attempt = 1; ; attempt += 1) {
      const child = VigilProcess.spawn(role, await freePort(), env);
      try {
        await child.waitReady(timeoutMs);
        return child;
      } catch (error) {
        if (attempt >= 3 || !child.output.includes('EADDRINUSE')) throw error;
      }
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Everything the process printed (the last megabyte), each line prefixed with [stdout] or [stderr]. */
  get printed(): string {
    return this.output;
  }

  /** What the process printed last, and how it ended: for assertion messages. */
  describe(): string {
    const ended = this.exit ? `exited with code ${this.exit.code} signal ${this.exit.signal}` : 'still running';
    const shown = this.output.length > OUTPUT_SHOWN_CHARS ? `…${this.output.slice(-OUTPUT_SHOWN_CHARS)}` : this.output || '(none)';
    return `vigil ${this.role} (pid ${this.pid}, port ${this.port}) ${ended}; its output:\n${shown}`;
  }

  /** Polls /readyz until it answers 200; fails at once, with the process's output, if the process exits. */
  async waitReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`exited before it was ready: ${this.describe()}`);
      const status = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await delay(50);
    }
    this.kill('SIGKILL');
    throw new Error(`not ready after ${timeoutMs} ms: ${this.describe()}`);
  }

  /** Sends the signal (if still running) and returns how the process ended. */
  kill(signal: NodeJS.Signals): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }

  /** Waits for the process to exit by itself, failing after `timeoutMs` with its output. */
  async waitExit(timeoutMs: number): Promise<Exit> {
    const timeout = delay(timeoutMs).then(() => undefined);
    const exit = await Promise.race([this.exited, timeout]);
    if (!exit) throw new Error(`did not exit within ${timeoutMs} ms: ${this.describe()}`);
    return exit;
  }
}

/** Every process a test file started, so `afterEach` can kill -9 whatever a failed test left running. */
export class ProcessGroup {
  private readonly all: VigilProcess[] = [];

  async start(role: ProcessRole, env: Record<string, string>): Promise<VigilProcess> {
    const child = await VigilProcess.start(role, env);
    this.all.push(child);
    return child;
  }

  spawn(role: ProcessRole, port: number, env: Record<string, string>): VigilProcess {
    const child = VigilProcess.spawn(role, port, env);
    this.all.push(child);
    return child;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((child) => child.kill('SIGKILL')));
  }
}
