import { EventSource } from 'eventsource';
import WebSocket from 'ws';

export interface StreamMessage {
  id?: string;
  type: string;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper: assertions inspect it
}

/** Collects what a stream client receives and lets a test wait for a message. */
class Inbox {
  readonly messages: StreamMessage[] = [];
  private waiters: Array<() => void> = [];

  push(message: StreamMessage): void {
    this.messages.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The events (messages with an id), not the stream's own control messages. */
  events(): StreamMessage[] {
    return this.messages.filter((message) => message.id !== undefined);
  }

  /** How the stream ended, if it did (for a failed wait's message). */
  protected describeEnd(): string {
    return '';
  }

  async waitFor(predicate: (message: StreamMessage) => boolean, timeoutMs = 10_000): Promise<StreamMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching stream message in ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.type))}${this.describeEnd()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export class WsStreamClient extends Inbox {
  closed: { code: number; reason: string } | undefined;
  /** Messages that came as binary frames: a browser would see a Blob, not text. */
  binaryFrames = 0;

  protected override describeEnd(): string {
    return this.closed ? `; closed by the server: ${this.closed.code} ${this.closed.reason}` : '';
  }

  private constructor(readonly socket: WebSocket) {
    super();
    socket.on('message', (raw, isBinary) => {
      if (isBinary) this.binaryFrames += 1;
      this.push(JSON.parse(raw.toString()) as StreamMessage);
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  /** Opens the stream and waits for its `ready`; rejects with the HTTP status if the upgrade is refused. */
  static async open(url: string, options: { token?: string; headers?: Record<string, string>; autoPong?: boolean } = {}): Promise<WsStreamClient> {
    const socket = new WebSocket(url, { headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...options.headers }, autoPong: options.autoPong ?? true });
    const client = new WsStreamClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => reject(new UpgradeRefused(response.statusCode ?? 0)));
      socket.once('error', reject);
    });
    await client.waitFor((message) => message.type === 'ready');
    return client;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }

  async waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the stream was not closed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.closed;
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`the server answered ${status} instead of upgrading`);
  }
}

/** An SSE client: the `eventsource` package, with headers through its fetch option. */
export class SseStreamClient extends Inbox {
  lastEventId: string | undefined;

  private constructor(readonly source: EventSource) {
    super();
    source.onmessage = (event) => {
      this.lastEventId = event.lastEventId || this.lastEventId;
      this.push(JSON.parse(event.data as string) as StreamMessage);
    };
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseStreamClient> {
    const source = new EventSource(url, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } }),
    });
    const client = new SseStreamClient(source);
    await new Promise<void>((resolve, reject) => {
      source.onopen = () => resolve();
      source.onerror = (error) => reject(new Error(`SSE failed: ${error.message ?? ''} ${error.code ?? ''}`));
    });
    await client.waitFor((message) => message.type === 'ready');
    return client;
  }

  close(): void {
    this.source.close();
  }
}
