import { detached } from './cause.ts';

/**
 * Runs an async body one run at a time; a request while a run is under way earns one more run after it.
 *
 * The body loops while `takeRequest()` says more was asked for. A request can still arrive after its last
 * look and before its promise has settled (the microtasks in between: a commit that resolves the fold's write
 * and the ingest's in one fsync callback does exactly that). A plain flag loses such a request until the
 * next poll or tick (measured: a lone event waited 32 ms for the next ingest's kick); here the settling run
 * starts the next one itself.
 */
export class SerialRuns {
  private current: Promise<void> | undefined;
  private requested = false;

  constructor(
    private readonly body: () => Promise<void>,
    /** Whether requests are taken at all now (not after stop, say). */
    private readonly accepting: () => boolean = () => true,
  ) {}

  /** Starts a run now, or marks one more for when the run under way ends. */
  request(): void {
    if (!this.accepting()) return;
    if (this.current) {
      this.requested = true;
      return;
    }
    this.requested = false;
    // Requested from inside a request or job: the run is not part of its work (logs, trace).
    this.current = detached(() => this.body()).finally(() => {
      this.current = undefined;
      if (this.requested) this.request();
    });
  }

  /** For the body: whether a request came since the run started or since the last call, forgetting it. */
  takeRequest(): boolean {
    const requested = this.requested;
    this.requested = false;
    return requested;
  }

  /** For the body: whether a request is waiting, without taking it. */
  get pending(): boolean {
    return this.requested;
  }

  /** Whether a run is under way. */
  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Resolves once no run is under way, the runs that requests made meanwhile included. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }
}
