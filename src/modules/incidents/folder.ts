import type { Logger } from 'pino';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import { foldPendingEvents, setAsideOldestEvent } from './fold.store.ts';

/**
 * Folds stored events into alerts and incidents, in batches, until none are left. It runs when this process
 * stored events (`kick`) and on a poll for events stored by other processes or left by a crash. Any number
 * of processes can run one: a database lock lets one fold at a time, which keeps each key's events in order.
 */
export class Folder {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly batchSize: number,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  /** Ask for a pass soon; passes never overlap, and a kick during a pass earns one more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runPasses().finally(() => {
      this.running = undefined;
    });
  }

  /** Waits for everything pending to be folded (tests and graceful shutdown use it). */
  async settle(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async runPasses(): Promise<void> {
    do {
      this.again = false;
      let folded: number | null;
      do {
        folded = await this.foldOnce();
      } while (folded !== null && folded >= this.batchSize && !this.stopped);
    } while (this.again && !this.stopped);
  }

  private async foldOnce(): Promise<number | null> {
    try {
      return await this.store.write((tx) => foldPendingEvents(tx, this.batchSize, this.clock.now()));
    } catch (error) {
      this.log.warn({ err: error }, 'folding a batch failed; trying its events one at a time');
    }
    try {
      return await this.store.write((tx) => foldPendingEvents(tx, 1, this.clock.now()));
    } catch (error) {
      if (!isDataError(error)) {
        this.log.error({ err: error }, 'folding failed; the next pass tries again');
        return null;
      }
      const id = await this.store.write((tx) => setAsideOldestEvent(tx, this.clock.now()));
      this.log.error({ err: error, eventId: id }, 'an event could not be folded and was set aside as failed');
      return 1;
    }
  }
}

/** A data or constraint error (SQLSTATE class 22 or 23) is the event's fault, not a passing outage. */
function isDataError(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^2[23]/.test(code)) return true;
  }
  return false;
}
