import { EventEmitter } from 'node:events';
import type { Bus } from '../ports/bus.ts';

/**
 * The embedded mode's bus: one process, so an emitter. Delivery is deferred, as it would be over a network,
 * but only to a microtask: a macrotask would let whatever the publisher started next (the engine's store
 * work, on the embedded store synchronous WebAssembly) run first, and the live stream would wait for it.
 */
export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async ping(): Promise<void> {}

  async publish(channel: string, payload: string): Promise<void> {
    queueMicrotask(() => this.emitter.emit(channel, payload));
  }

  async subscribe(channel: string, onMessage: (payload: string) => void): Promise<void> {
    this.emitter.on(channel, onMessage);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
