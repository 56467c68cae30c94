import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { SerialRuns } from '../../lib/serial-runs.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import type { NumberedRow } from '../stream/stream-sequencer.ts';
import type { EventWanted } from '../outbox/relay-interest.ts';
import type { JobsWithNotifications } from '../oncall/level-entries.ts';
import { type EngineWork, type FoldPass, foldPendingEvents, setAsideOldestEvent } from './fold.store.ts';

const MAX_HEAD_FAILURES = 3;
const MIN_YIELD_MS = 5;
const BUSY_BATCH = 150;
const MIN_BUSY_BATCH = 50;
/** Events folded by a pass, or stored during it, that mean they keep arriving: the next pass waits for more (coalescing). */
const STEADY_ARRIVALS = 2;
/** Events stored this recently count as ingestion being active. */
const RECENT_INGEST_MS = 1000;

/**
 * Folds stored events into alerts and incidents, in batches, until none are left. It runs when this process
 * stored events (`kick`) and on a poll for events stored by other processes or left by a crash. Any number
 * of processes can run one: a database lock lets one fold at a time, which keeps each key's events in order.
 * A pass for events this process stored waits for that lock; a poll's pass folds only what nobody is folding,
 * or takes its turn once the fold is behind (`FoldPass['turn']`).
 */
export class Folder {
  private readonly passes = new SerialRuns(
    () => this.runPasses(),
    () => !this.stopped,
  );
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Consecutive failures to fold the oldest pending event on its own. */
  private headFailures = 0;
  /** A batch failed: keep going one event at a time until the culprit is folded or set aside. */
  private degraded = false;
  private lastPassMs = 0;
  private lastFolded = 0;
  private lastLimit = 0;
  /** When the pass under way took the fold lock (its pace is reckoned from then, not from its wait). */
  private lockedAt = 0;
  /** This process stored events (or starts, or settles) since the passes under way began: the next waits for the lock. */
  private ownEvents = false;
  /** The oldest pending event the last poll saw (a poll folds only events that were pending at the one before). */
  private oldestPendingSeen: number | undefined;
  /** When this process last stored events (`kick`); the poll does not count. */
  private lastIngestAt = -Infinity;
  /** Events this process stored since the current pass started. */
  private arrivedDuringPass = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly batchSize: number,
    private readonly pollMs: number,
    private readonly coalesceMs: number,
    /** True while ingestion is under pressure: the fold lets it go first. */
    private readonly ingestBusy: () => boolean = () => false,
    /** Called after a pass that left the engine work (escalations to start, domain events to relay) has committed. */
    private readonly onEngineWork: (work: EngineWork) => void = () => undefined,
    /**
     * While events keep arriving, passes aim to hold the store this long (on a single-connection store every
     * 202 may wait for a pass; on PostgreSQL short passes let ingestion have the CPUs back soon).
     */
    private readonly busyPassTargetMs: number,
    /**
     * Told each committed pass's outcomes (metrics), the domain events it numbered for the live stream and the
     * organisations whose incidents it opened or changed (their cached overviews are out of date).
     */
    private readonly onFolded: (outcomes: string[], numbered: NumberedRow[], incidentsChangedIn: string[]) => void = () => undefined,
    /** Which domain events some reaction wants; the others are let go in the pass itself (no relay pass for them). */
    private readonly relayWanted?: EventWanted,
    /** Given when the pass can queue notification jobs itself: it then enters new incidents' first levels (foldPendingEvents). */
    private readonly firstLevels?: JobsWithNotifications,
  ) {}

  start(): void {
    this.stopped = false;
    // Whatever is pending at start (a crash, a restart) is this process's to fold as much as anyone's.
    this.ownEvents = true;
    this.requestPass();
    this.timer = setInterval(() => this.requestPass(), this.pollMs);
    this.timer.unref();
  }

  /** `events` were stored: fold them soon. */
  kick(events: number): void {
    this.ownEvents = true;
    this.arrivedDuringPass += events;
    this.lastIngestAt = performance.now();
    this.requestPass();
  }

  /** Passes never overlap; a request during a pass earns one more. */
  private requestPass(): void {
    this.passes.request();
  }

  /** Waits for everything pending to be folded (tests and graceful shutdown use it). */
  async settle(): Promise<void> {
    this.ownEvents = true;
    this.requestPass();
    await this.passes.idle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.passes.idle();
  }

  private async runPasses(): Promise<void> {
    do {
      this.passes.takeRequest(); // the pass about to run sees whatever was stored before it
      // Events this process stored are folded by it or by the process holding the lock, so it waits for the
      // lock; a poll looks for events nobody is folding, and waits for the lock only once the fold is behind.
      const turn: FoldPass['turn'] = this.ownEvents ? { kind: 'own' } : { kind: 'poll', oldestSeen: this.oldestPendingSeen, seen: (oldest) => (this.oldestPendingSeen = oldest) };
      this.ownEvents = false;
      let folded: number | null;
      let limit: number;
      do {
        await this.waitForTurn();
        limit = this.passLimit();
        this.arrivedDuringPass = 0;
        this.lockedAt = performance.now();
        folded = await this.foldOnce(limit, turn);
        this.lastPassMs = performance.now() - this.lockedAt;
        this.lastFolded = folded ?? 0;
        this.lastLimit = limit;
      } while (folded !== null && (folded >= limit || this.degraded) && !this.stopped);
      // Events keep arriving: under load, let them gather a moment so the fold runs in fewer, larger passes
      // (each pass has a fixed cost) and leaves the store to ingestion in between. An event arriving alone
      // (or the poll) is folded at once: gathering would only add the whole wait to its latency.
      const steady = Math.max(this.lastFolded, this.arrivedDuringPass) >= STEADY_ARRIVALS;
      if (this.passes.pending && !this.stopped && this.coalesceMs > 0 && steady) await delay(this.coalesceMs);
    } while (this.passes.pending && !this.stopped);
  }

  /**
   * Ingestion first: while it is under pressure (`ingestBusy`: on the single-connection store, any write
   * pending in a flood of events; on PostgreSQL, where the two share only CPUs, every commit lane busy with
   * events queued, or events arriving while the event loop is nearly always busy),
   * a pass waits up to three times as long as the last one took. So under a flood the fold takes about a
   * quarter and 2xx answers keep flowing; stored events are folded as soon as the flood eases. With no
   * pressure it does not wait at all.
   */
  private async waitForTurn(): Promise<void> {
    const until = performance.now() + Math.max(MIN_YIELD_MS, this.lastPassMs * 3);
    // A kick comes from inside the commit that stored the events, while its lane still counts as busy: let
    // it finish first, or every lone event would wait a whole yield for nothing.
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.ingestBusy()) return;
    // Yielding: until ingestion has also stored nothing for a moment. Between two commits the group commit is
    // idle only while the answered clients send their next requests; starting a pass then would make that
    // whole batch wait for it.
    const ingesting = () => this.ingestBusy() || performance.now() - this.lastIngestAt < MIN_YIELD_MS;
    while (ingesting() && performance.now() < until && !this.stopped) await delay(MIN_YIELD_MS);
  }

  /**
   * How many events the next pass takes: a full batch, or, while events keep arriving, a pass sized from the
   * last one's pace to hold the store about `busyPassTargetMs`, so no 202 waits long behind a fold.
   */
  private passLimit(): number {
    const cap = Math.min(this.batchSize, BUSY_BATCH);
    const ingestActive = this.ingestBusy() || performance.now() - this.lastIngestAt < RECENT_INGEST_MS;
    if (!ingestActive) return this.batchSize;
    // Behind (the last pass was full): on PostgreSQL, double the pass up to a full batch. Each pass has a fixed
    // cost, and paced passes fell further behind for good once the events arriving outgrew them (2,000 new
    // incidents a second over two api processes). The embedded store keeps its short passes: every 202 there
    // may wait for one.
    if (this.store.kind === 'postgres' && this.lastLimit > 0 && this.lastFolded >= this.lastLimit) return Math.min(this.batchSize, Math.max(cap, this.lastLimit * 2));
    if (this.lastFolded === 0 || this.lastPassMs === 0) return Math.min(cap, MIN_BUSY_BATCH);
    const paced = Math.round((this.lastFolded * this.busyPassTargetMs) / this.lastPassMs);
    return Math.max(Math.min(MIN_BUSY_BATCH, cap), Math.min(cap, paced));
  }

  /** One fold transaction; what it leaves to others (outcomes, numbered events, engine work) is told after its commit. */
  private async foldCommitted(limit: number, turn: FoldPass['turn']): Promise<number | null> {
    let engineWork: EngineWork | undefined;
    let outcomes: string[] = [];
    let numbered: NumberedRow[] = [];
    let incidentsChangedIn: string[] = [];
    const folded = await this.store.write((tx) =>
      foldPendingEvents(tx, {
        limit,
        now: this.clock.now(),
        soleWriter: this.store.kind === 'pglite',
        turn,
        onLocked: () => {
          this.lockedAt = performance.now();
        },
        onEngineWork: (work) => {
          engineWork = work;
        },
        onOutcomes: (committed, streamed, changedIn) => {
          outcomes = committed;
          numbered = streamed;
          incidentsChangedIn = changedIn;
        },
        ...(this.relayWanted && { relayWanted: this.relayWanted }),
        ...(this.firstLevels && { firstLevels: this.firstLevels }),
      }),
    );
    engineWork?.wakeNotifications?.();
    this.onFolded(outcomes, numbered, incidentsChangedIn);
    if (engineWork) this.onEngineWork(engineWork);
    return folded;
  }

  private async foldOnce(limit: number, turn: FoldPass['turn']): Promise<number | null> {
    try {
      const folded = await this.foldCommitted(limit, turn);
      if (folded !== null) this.degraded = false;
      return folded;
    } catch (error) {
      this.degraded = true;
      this.log.warn({ err: error }, 'folding a batch failed; folding one event at a time until a batch succeeds');
    }
    try {
      const folded = await this.foldCommitted(1, turn);
      this.headFailures = 0;
      return folded;
    } catch (error) {
      return this.afterSingleEventFailure(error);
    }
  }

  /**
   * The oldest pending event cannot be folded even alone. If the database is down, wait for it. If the event
   * itself is at fault (a data error, or three failures in a row while the database answers), set it aside
   * as `failed` so it cannot block every event behind it.
   */
  private async afterSingleEventFailure(error: unknown): Promise<number | null> {
    const databaseAnswers = await this.store.ping().then(
      () => true,
      () => false,
    );
    if (!databaseAnswers) {
      this.degraded = false;
      this.log.error({ err: error }, 'folding failed: the database does not answer; the next pass tries again');
      return null;
    }
    this.headFailures += 1;
    if (!isDataError(error) && this.headFailures < MAX_HEAD_FAILURES) {
      this.log.error({ err: error, attempt: this.headFailures }, 'folding the oldest event failed; the next pass tries again');
      return null;
    }
    this.headFailures = 0;
    const id = await this.store.write((tx) => setAsideOldestEvent(tx, this.clock.now()));
    this.log.error({ err: error, eventId: id }, 'an event could not be folded and was set aside as failed');
    return 1;
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
