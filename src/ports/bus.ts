/**
 * Publish/subscribe between the processes of one installation: what one process publishes on a channel
 * reaches every subscriber of it, in this process and (scaled mode) in every other. At most once: a message
 * published while a subscriber is disconnected is lost to it, so payloads carry what a receiver needs to
 * notice a gap and catch up from the store.
 */
export interface Bus {
  /** What carries it: 'memory' (this process only) or 'redis'. */
  readonly kind: 'memory' | 'redis';
  publish(channel: string, payload: string): Promise<void>;
  subscribe(channel: string, onMessage: (payload: string) => void): Promise<void>;
  /** Resolves when the bus answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
