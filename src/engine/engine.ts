import type { Logger } from 'pino';
import { detached } from '../lib/cause.ts';

/** One idempotent, set-based pass over due rows; returns how many it handled. */
export interface Manager {
  name: string;
  run(): Promise<number>;
}

/**
 * Runs its managers on a tick and on demand (`kick`), one pass at a time. Nothing waits in memory: state
 * lives in tables, so a pass after a crash or restart picks up whatever is due.
 */
export class Engine {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly managers: Manager[],
    private readonly tickMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.tickMs);
    this.timer.unref();
    this.kick();
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // Kicked from a request or job: the pass is not part of its work (logs, trace).
    this.running = detached(() => this.passes()).finally(() => {
      this.running = undefined;
    });
  }

  /** Runs passes until nothing was due (tests). */
  async settle(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async passes(): Promise<void> {
    do {
      this.again = false;
      for (const manager of this.managers) {
        if (this.stopped) return;
        try {
          await manager.run();
        } catch (error) {
          this.log.error({ err: error, manager: manager.name }, 'an engine pass failed; the next tick tries again');
        }
      }
    } while (this.again && !this.stopped);
  }
}
