interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers concurrent writes into few transactions. Adaptive, with no timer: when a commit lane is free the
 * next flush starts as soon as the current I/O callbacks are done (so requests read together commit
 * together); while every lane is busy, new items wait and go in the next flush. A fixed timer would throttle
 * callers that wait for their answer; this way a lone request commits at once and a crowd commits in large
 * batches. One lane on a single-connection store; a few on PostgreSQL, whose own group commit overlaps them.
 */
export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private activeLanes = 0;
  private starting = false;
  private idle: Array<() => void> = [];
  private latestBatch = 0;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<R[]>,
    private readonly maxBatch: number,
    private readonly lanes = 1,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.activeLanes < this.lanes && !this.starting) {
        this.starting = true;
        setImmediate(() => {
          this.starting = false;
          void this.lane();
        });
      }
    });
  }

  /** Whether writes are waiting or being committed. */
  get busy(): boolean {
    return this.activeLanes > 0 || this.pending.length > 0;
  }

  /** Items in the most recent flush: many means callers crowd in faster than commits finish. */
  get lastBatchSize(): number {
    return this.latestBatch;
  }

  /** Every lane is committing and writes are waiting for one: callers are arriving faster than commits finish. */
  get saturated(): boolean {
    return this.activeLanes >= this.lanes && this.pending.length > 0;
  }

  /** Resolves when everything submitted so far is committed (or failed): for graceful shutdown. */
  drain(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async lane(): Promise<void> {
    this.activeLanes += 1;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.latestBatch = batch.length;
      try {
        const results = await this.flushBatch(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index] as R));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.activeLanes -= 1;
    if (this.busy) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
