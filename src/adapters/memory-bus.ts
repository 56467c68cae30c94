import { EventEmitter } from 'node:events';
import type { Bus } from '../ports/bus.ts';

/** The embedded mode's bus: one process, so an emitter. Delivery is deferred, as it would be over a network. */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async ping(): Promise<void> {}

  async publish(channel: string, payload: string): Promise<void> {
    setImmediate(() => this.emitter.emit(channel, payload));
  }

  async subscribe(channel: string, onMessage: (payload: string) => void): Promise<void> {
    this.emitter.on(channel, onMessage);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
