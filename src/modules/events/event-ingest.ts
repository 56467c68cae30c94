import type { Metrics } from '../metrics/metrics.ts';
import type { Logger } from 'pino';
import { AppError } from '../../http/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import type { KnownIntegration } from '../services/integration-directory.ts';
import type { AcceptedEvent } from './event.ts';
import { GroupCommit } from '../../lib/group-commit.ts';
import { RecentRate } from '../../lib/recent-rate.ts';
import { type Cause, encodeCause } from '../../lib/cause.ts';

const STORED_RATE_WINDOW_MS = 1000;
const EVENT_COLUMNS = ['org_id', 'service_id', 'integration_id', 'kind', 'action', 'dedup_key', 'payload', 'received_at', 'caused_by'];

/** One request's events: committed together, so a request is stored whole or not at all. */
interface Submission {
  integration: KnownIntegration;
  events: AcceptedEvent[];
  receivedAt: Date;
  /** encodeCause of the request that brought them: the fold hands it to the domain events they lead to. */
  causedBy: string | null;
}

/**
 * The durable front door: `accept` resolves only once the event is committed (and, on the embedded store,
 * on disk). Folding into alerts and incidents happens afterwards, from the stored row.
 */
export class EventIngest {
  private readonly writer: GroupCommit<Submission, Error | undefined>;
  private lastStoredAt = -Infinity;
  /** Events stored, lately. */
  private readonly stored = new RecentRate(STORED_RATE_WINDOW_MS);

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    maxBatch: number,
    lanes: number,
    /** Told how many events a commit stored. */
    private readonly onCommitted: (events: number) => void,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.writer = new GroupCommit((batch) => this.writeBatch(batch), maxBatch, lanes);
  }

  /**
   * `cause`: the request that brought the events, or the job's cause when a job brings them (the engine's
   * heartbeat checks have none).
   */
  async accept(integration: KnownIntegration, events: AcceptedEvent[], cause?: Cause): Promise<void> {
    if (events.length === 0) return;
    try {
      const failure = await this.writer.submit({ integration, events, receivedAt: this.clock.now(), causedBy: encodeCause(cause) });
      if (failure) throw failure;
    } catch (error) {
      this.log.error({ err: error, integrationId: integration.id }, 'could not store events');
      throw new AppError('unavailable', 'The event could not be stored right now; send it again.', [], { 'retry-after': '1' });
    }
  }

  /** Whether events were stored in the last `ms` milliseconds. */
  storedWithin(ms: number): boolean {
    return performance.now() - this.lastStoredAt < ms;
  }

  /** Events stored per second, over about the last second. */
  storedPerSecond(): number {
    return this.stored.perSecond();
  }

  get busy(): boolean {
    return this.writer.busy;
  }

  /** Every commit lane is busy and events are waiting for one. */
  get saturated(): boolean {
    return this.writer.saturated;
  }

  /** Requests in the latest commit. */
  get lastBatchSize(): number {
    return this.writer.lastBatchSize;
  }

  drain(): Promise<void> {
    return this.writer.drain();
  }

  /**
   * One INSERT for the batch. Should it fail, each event is written on its own, so one event the database
   * refuses cannot cost the others their 202.
   */
  private async writeBatch(batch: Submission[]): Promise<Array<Error | undefined>> {
    try {
      await this.insert(batch);
      return batch.map(() => undefined);
    } catch (error) {
      if (batch.length === 1) return [error as Error];
    }
    const results: Array<Error | undefined> = [];
    for (const submission of batch) results.push(await this.insert([submission]).then(() => undefined, (error: unknown) => error as Error));
    return results;
  }

  private async insert(batch: Submission[]): Promise<void> {
    const rows = batch.flatMap(({ integration, events, receivedAt, causedBy }) =>
      events.map((event) => ({
        org_id: integration.orgId,
        service_id: integration.serviceId,
        integration_id: integration.id,
        kind: event.kind,
        action: event.action,
        dedup_key: event.dedupKey,
        payload: event.payload,
        received_at: receivedAt,
        caused_by: causedBy,
      })),
    );
    const started = performance.now();
    await this.store.insertRows('events', EVENT_COLUMNS, rows);
    this.lastStoredAt = performance.now();
    this.stored.add(rows.length);
    if (this.metrics) {
      this.metrics.ingestCommitSeconds.observe((performance.now() - started) / 1000);
      this.metrics.ingestBatchSize.observe(rows.length);
      for (const { integration, events } of batch) this.metrics.eventsIngested.inc({ source: integration.type }, events.length);
    }
    this.onCommitted(rows.length);
  }
}
