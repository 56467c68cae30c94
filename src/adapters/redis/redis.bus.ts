import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Bus } from '../../ports/bus.ts';

/**
 * Redis pub/sub (scaled mode). A subscribed connection can do nothing else, so there are two; channels are
 * prefixed like the queue's keys, so installations sharing a Redis do not hear each other. ioredis
 * resubscribes after a reconnect; what was published in between is lost (see the port).
 */
export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Array<(payload: string) => void>>();

  constructor(url: string, private readonly prefix: string, log: Logger) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
    for (const client of [this.publisher, this.subscriber]) client.on('error', (error: Error) => log.warn({ err: error }, 'Redis bus connection error'));
    this.subscriber.on('message', (channel: string, payload: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(payload);
    });
  }

  async publish(channel: string, payload: string): Promise<void> {
    await this.publisher.publish(this.channel(channel), payload);
  }

  async subscribe(channel: string, onMessage: (payload: string) => void): Promise<void> {
    const name = this.channel(channel);
    const existing = this.handlers.get(name);
    if (existing) {
      existing.push(onMessage);
      return;
    }
    this.handlers.set(name, [onMessage]);
    await this.subscriber.subscribe(name);
  }

  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    await Promise.all([this.publisher.quit().catch(() => undefined), this.subscriber.quit().catch(() => undefined)]);
  }

  private channel(name: string): string {
    return `${this.prefix}:bus:${name}`;
  }
}
