interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers concurrent writes into one transaction. Adaptive, with no timer: when no flush is running the
 * next one starts as soon as the current I/O callbacks are done (so requests read together commit together);
 * while one runs, new items wait for it and go in the next. A fixed timer would throttle callers that wait
 * for their answer; this way a lone request commits at once and a crowd commits in large batches.
 */
export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private flushing = false;
  private idle: Array<() => void> = [];

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<R[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  /** Whether writes are waiting or being committed. */
  get busy(): boolean {
    return this.flushing || this.pending.length > 0;
  }

  /** Resolves when everything submitted so far is committed (or failed): for graceful shutdown. */
  drain(): Promise<void> {
    if (!this.flushing && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      try {
        const results = await this.flushBatch(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index] as R));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.flushing = false;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
