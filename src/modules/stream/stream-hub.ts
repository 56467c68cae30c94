import type { Logger } from 'pino';
import type { Bus } from '../../ports/bus.ts';
import type { Database } from '../../ports/store.ts';
import { controlMessage, matches, MessageRun, type OutgoingMessage, type StreamEvent, type StreamFilter, wireMessage } from './stream-message.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { Presence, type Viewer } from './presence.ts';
import { STREAM_CHANNEL, type StreamBatch } from './stream-sequencer.ts';
import { eventsBetween, eventsOfOrgAfter, retainedRange } from './stream.store.ts';

/** The start of a published StreamBatch: `{"last":n,`. */
const LAST_IN_BATCH = /^\{"last":(\d+),/;

/** One connected client, whatever carries it (WebSocket or SSE). */
export interface StreamTransport {
  readonly kind: 'websocket' | 'sse';
  send(message: OutgoingMessage): void;
  /** The run's messages, in one write. */
  sendRun(run: MessageRun): void;
  /** Bytes handed to the transport and not yet written to the network. */
  unsentBytes(): number;
  /** False when the client did not answer the previous heartbeat (it is then dropped). */
  heartbeat(): boolean;
  close(code: number, reason: string): void;
}

export interface StreamHubSettings {
  maxUnsentBytes: number;
  maxConnectionsPerOrg: number;
  heartbeatMs: number;
  /** Most events replayed on a resume; a client further behind is told to reset. */
  replayLimit: number;
}

/** Close codes (WebSocket); SSE clients see the connection end. */
const CLOSE_SLOW_CONSUMER = 4008;
const CLOSE_HEARTBEAT = 4000;
const CLOSE_SHUTDOWN = 1001;
const GAP_FILL_LIMIT = 50_000;

export class Subscriber {
  /** The newest event this client was sent (or is past): each is sent once, in order. */
  lastSent: number;
  /** The newest event when the client connected: what it was sent live is after it. */
  readonly startSeq: number;
  /** While a resume replays history, live events wait here. */
  private held: Array<{ event: StreamEvent; wire: OutgoingMessage }> | undefined;
  closed = false;
  /** Who the client is, once it said it views an incident (presence). */
  viewer: Viewer | undefined;

  constructor(
    readonly orgId: string,
    readonly filter: StreamFilter,
    readonly transport: StreamTransport,
    startSeq: number,
    private readonly hub: StreamHub,
  ) {
    this.lastSent = startSeq;
    this.startSeq = startSeq;
  }

  /**
   * Live events of the client's organisation, in number order, and their messages as a run: what the client
   * was not sent yet and its filter takes leaves in one write (the shared run itself when that is all of it).
   * Answers how many messages went out.
   */
  offer(events: readonly StreamEvent[], run: MessageRun): number {
    if (this.closed) return 0;
    if (this.held) {
      events.forEach((event, index) => this.held?.push({ event, wire: run.messages[index] as OutgoingMessage }));
      return 0;
    }
    const taken: OutgoingMessage[] = [];
    events.forEach((event, index) => {
      if (event.seq > this.lastSent && matches(this.filter, event)) taken.push(run.messages[index] as OutgoingMessage);
    });
    this.lastSent = Math.max(this.lastSent, events.at(-1)?.seq ?? 0);
    return this.sendRun(taken.length === events.length ? run : new MessageRun(taken));
  }

  /** Sends a run in one write, or near the unsent bound a message at a time. Answers how many went out. */
  sendRun(run: MessageRun): number {
    if (this.closed || run.messages.length === 0) return 0;
    if (this.transport.unsentBytes() + run.textBytes() <= this.hub.settings.maxUnsentBytes) {
      this.transport.sendRun(run);
      this.hub.checkBacklog(this);
      return run.messages.length;
    }
    // Near the bound: a message at a time, so no more than one message over it is ever queued for the client.
    let sent = 0;
    for (const message of run.messages) {
      if (this.closed) break;
      this.transport.sendRun(new MessageRun([message]));
      sent += 1;
      this.hub.checkBacklog(this);
    }
    return sent;
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (held.length === 0) return;
    this.hub.sent(
      this.offer(
        held.map(({ event }) => event),
        new MessageRun(held.map(({ wire }) => wire)),
      ),
    );
  }
}

/**
 * This process's live-stream clients, fed from the bus. Batches are delivered one at a time, in number
 * order; a batch whose first number is past the next expected one (a publish lost to a crash, or two
 * publishers' messages crossing) is preceded by the missing events read from `stream_events`.
 */
export class StreamHub {
  private readonly byOrg = new Map<string, Set<Subscriber>>();
  private lastSeq = 0;
  private delivering: Promise<void> = Promise.resolve();
  private heartbeatTimer: NodeJS.Timeout | undefined;
  /** Who looks at which incident, across processes (clients say so with {"view": id}). */
  readonly presence: Presence;
  /** The most unsent bytes any client had (after the send that made it close, for a slow one). */
  peakUnsentBytes = 0;

  constructor(
    private readonly db: Database,
    private readonly bus: Bus,
    readonly settings: StreamHubSettings,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.presence = new Presence(bus, settings.heartbeatMs * 3, (org, incident, viewers) => this.sendPresence(org, incident, viewers), log);
  }

  async start(): Promise<void> {
    await this.presence.start();
    this.lastSeq = (await retainedRange(this.db)).newest ?? 0;
    await this.bus.subscribe(STREAM_CHANNEL, (payload) => {
      this.delivering = this.delivering.then(() => this.deliver(payload)).catch((error: unknown) => this.log.error({ err: error }, 'live stream delivery failed'));
    });
    this.heartbeatTimer = setInterval(() => this.beat(), this.settings.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  connections(orgId: string): number {
    return this.byOrg.get(orgId)?.size ?? 0;
  }

  /** Every client of this process, by transport (metrics). */
  connectionsByTransport(): { websocket: number; sse: number } {
    const counts = { websocket: 0, sse: 0 };
    for (const org of this.byOrg.values()) for (const subscriber of org) counts[subscriber.transport.kind] += 1;
    return counts;
  }

  /** Messages went out to clients (metrics; counted per event, not per client). */
  sent(count: number): void {
    if (count > 0) this.metrics?.streamMessages.inc(count);
  }

  /**
   * Adds a client. With `resumeAfter`, first replays the organisation's events after it (or sends `reset`
   * when they are no longer all retained), holding live events meanwhile; then `ready` with the id to
   * resume from.
   */
  async attach(orgId: string, filter: StreamFilter, transport: StreamTransport, resumeAfter?: number): Promise<Subscriber> {
    const subscriber = new Subscriber(orgId, filter, transport, this.lastSeq, this);
    let org = this.byOrg.get(orgId);
    if (!org) {
      org = new Set();
      this.byOrg.set(orgId, org);
    }
    org.add(subscriber);
    if (resumeAfter !== undefined) await this.replay(subscriber, resumeAfter);
    if (!subscriber.closed) transport.send(controlMessage('ready', { last_id: String(subscriber.lastSent) }));
    return subscriber;
  }

  /** Sends what the client missed after `after`, or `reset`; live events wait until it is done. */
  async replay(subscriber: Subscriber, after: number): Promise<void> {
    subscriber.hold();
    try {
      const { oldest, newest } = await retainedRange(this.db);
      const reset = (reason: string) => {
        subscriber.transport.send(controlMessage('reset', { reason }));
        subscriber.lastSent = Math.max(subscriber.lastSent, newest ?? 0);
      };
      if (newest === null || oldest === null || after < oldest - 1) return reset('The events after this id are no longer retained; reload the state.');
      if (after > newest) return reset('This id is not one of this stream; reload the state.');
      const missed = await eventsOfOrgAfter(this.db, subscriber.orgId, after, this.settings.replayLimit + 1);
      if (missed.length > this.settings.replayLimit) return reset(`More than ${this.settings.replayLimit} events were missed; reload the state.`);
      // What this connection was sent live (after it connected) is not sent again.
      const sentLive = (seq: number) => seq > subscriber.startSeq && seq <= subscriber.lastSent;
      const replayed = missed.filter((event) => !sentLive(event.seq) && matches(subscriber.filter, event)).map(wireMessage);
      this.sent(subscriber.sendRun(new MessageRun(replayed)));
      // Events of other organisations are not in `missed`; the client is past them too.
      subscriber.lastSent = Math.max(subscriber.lastSent, newest, missed.at(-1)?.seq ?? 0);
    } finally {
      subscriber.release();
    }
  }

  detach(subscriber: Subscriber): void {
    subscriber.closed = true;
    this.presence.leave(subscriber);
    const org = this.byOrg.get(subscriber.orgId);
    org?.delete(subscriber);
    if (org?.size === 0) this.byOrg.delete(subscriber.orgId);
  }

  /** A client that does not read gets no more than the bound queued for it: it is closed instead. */
  checkBacklog(subscriber: Subscriber): void {
    const unsent = subscriber.transport.unsentBytes();
    if (unsent > this.peakUnsentBytes) this.peakUnsentBytes = unsent;
    if (unsent <= this.settings.maxUnsentBytes) return;
    this.log.warn({ org: subscriber.orgId, unsent }, 'live stream client too slow: disconnected');
    this.metrics?.streamSlowConsumers.inc();
    this.detach(subscriber);
    subscriber.transport.close(CLOSE_SLOW_CONSUMER, `slow consumer: more than ${this.settings.maxUnsentBytes} bytes unsent`);
  }

  /** Closes every client (shutdown: they reconnect to another process and resume). */
  stop(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    for (const org of this.byOrg.values())
      for (const subscriber of org) {
        subscriber.closed = true;
        subscriber.transport.close(CLOSE_SHUTDOWN, 'server shutting down');
      }
    this.byOrg.clear();
  }

  private async deliver(payload: string): Promise<void> {
    if (this.byOrg.size === 0) {
      // No clients here: only the number matters (a client attaching later replays up to it from the store).
      const last = LAST_IN_BATCH.exec(payload)?.[1];
      if (last !== undefined) {
        this.lastSeq = Math.max(this.lastSeq, Number(last));
        return;
      }
    }
    const batch = JSON.parse(payload) as StreamBatch;
    const first = batch.events[0];
    if (!first) return;
    const events: StreamEvent[] = [];
    if (first.seq > this.lastSeq + 1) events.push(...(await eventsBetween(this.db, this.lastSeq, first.seq, GAP_FILL_LIMIT)));
    for (const event of batch.events) events.push({ seq: event.seq, orgId: event.org_id, type: event.type, data: event.data });
    // Each organisation's share of the batch goes to each of its clients in one write.
    const byOrg = new Map<string, StreamEvent[]>();
    for (const event of events) {
      if (event.seq <= this.lastSeq) continue;
      this.lastSeq = event.seq;
      if (!this.byOrg.has(event.orgId)) continue;
      const share = byOrg.get(event.orgId);
      if (share) share.push(event);
      else byOrg.set(event.orgId, [event]);
    }
    for (const [orgId, share] of byOrg) {
      const run = new MessageRun(share.map(wireMessage));
      let sent = 0;
      for (const subscriber of this.byOrg.get(orgId) ?? []) sent += subscriber.offer(share, run);
      this.sent(sent);
    }
  }

  /** To the organisation's clients that take presence (no type filter, or one naming `presence`). */
  private sendPresence(org: string, incident: string, viewers: Viewer[]): void {
    const subscribers = this.byOrg.get(org);
    if (!subscribers) return;
    const message = controlMessage('presence', { incident_id: incident, viewers });
    for (const subscriber of subscribers) {
      if (subscriber.closed || (subscriber.filter.types && !subscriber.filter.types.includes('presence'))) continue;
      subscriber.transport.send(message);
      this.checkBacklog(subscriber);
    }
  }

  private beat(): void {
    this.presence.refresh();
    for (const org of this.byOrg.values())
      for (const subscriber of org) {
        if (subscriber.transport.heartbeat()) continue;
        this.detach(subscriber);
        subscriber.transport.close(CLOSE_HEARTBEAT, 'no answer to the heartbeat');
      }
  }
}
