import type { Logger } from 'pino';
import { SerialRuns } from '../lib/serial-runs.ts';

/** One idempotent, set-based pass over due rows; returns how many it handled. */
export interface Manager {
  name: string;
  run(): Promise<number>;
}

/** Managers that run one after another, one pass at a time; a kick during a pass earns one more. */
class Loop {
  private readonly runs: SerialRuns;

  constructor(
    private readonly managers: Manager[],
    private readonly log: Logger,
    private readonly stopped: () => boolean,
  ) {
    this.runs = new SerialRuns(
      () => this.passes(),
      () => !this.stopped(),
    );
  }

  kick(): void {
    this.runs.request();
  }

  idle(): Promise<void> {
    return this.runs.idle();
  }

  private async passes(): Promise<void> {
    do {
      this.runs.takeRequest();
      for (const manager of this.managers) {
        if (this.stopped()) return;
        try {
          await manager.run();
        } catch (error) {
          this.log.error({ err: error, manager: manager.name }, 'an engine pass failed; the next tick tries again');
        }
      }
    } while (this.runs.pending && !this.stopped());
  }
}

/**
 * Runs its managers on a tick and on demand (`kick`, all of them or the named groups). Each group of managers
 * is a loop of its own, so a slow pass of one group (relaying a backlog of domain events) never holds up
 * another (paging). Nothing waits in memory: state lives in tables, so a pass after a crash or restart picks
 * up whatever is due.
 */
export class Engine<Group extends string = string> {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly loops: Map<Group, Loop>;

  constructor(
    groups: Record<Group, Manager[]>,
    private readonly tickMs: number,
    log: Logger,
  ) {
    this.loops = new Map(Object.entries<Manager[]>(groups).map(([group, managers]) => [group as Group, new Loop(managers, log, () => this.stopped)]));
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.tickMs);
    this.timer.unref();
    this.kick();
  }

  /** A pass of every group, or of the named ones only (the work is known to be theirs). */
  kick(...groups: Group[]): void {
    if (groups.length === 0) for (const loop of this.loops.values()) loop.kick();
    else for (const group of groups) this.loops.get(group)?.kick();
  }

  /** Runs passes until nothing was due (tests). */
  async settle(): Promise<void> {
    this.kick();
    await Promise.all([...this.loops.values()].map((loop) => loop.idle()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.loops.values()].map((loop) => loop.idle()));
  }
}
