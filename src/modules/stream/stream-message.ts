import { Sender } from 'ws';

const TEXT_OPCODE = 0x1;

/** One numbered domain event as it travels the bus and is kept for resumes. */
export interface StreamEvent {
  seq: number;
  orgId: string;
  type: string;
  data: Record<string, unknown>;
}

/** What a client asked to see: any service / type when a list is absent. */
export interface StreamFilter {
  services?: ReadonlySet<string>;
  /** Exact types, or a family as `incident.*`. */
  types?: readonly string[];
}

/** The types a client may filter on (`incident.*` and the like select a family). */
export const streamTypes = ['incident.triggered', 'incident.acknowledged', 'incident.resolved', 'incident.assigned', 'incident.escalated', 'incident.reassigned', 'alert.resolved', 'change.created'] as const;

/** The service an event is about: an incident's, or a change's. */
function serviceOf(event: StreamEvent): string | undefined {
  const incident = event.data['incident'];
  if (incident && typeof incident === 'object' && 'service_id' in incident && typeof incident.service_id === 'string') return incident.service_id;
  const serviceId = event.data['service_id'];
  return typeof serviceId === 'string' ? serviceId : undefined;
}

export function matches(filter: StreamFilter, event: StreamEvent): boolean {
  if (filter.types && !filter.types.some((type) => (type.endsWith('.*') ? event.type.startsWith(type.slice(0, -1)) : event.type === type))) return false;
  if (filter.services) {
    const service = serviceOf(event);
    if (service === undefined || !filter.services.has(service)) return false;
  }
  return true;
}

/**
 * A message as it goes out: serialised once, and encoded once for each kind of transport however many
 * clients take it (with a thousand clients, encoding per client was a measurable part of a broadcast).
 */
export class OutgoingMessage {
  private utf8: Buffer | undefined;
  private sse: string | undefined;
  private webSocketFrame: Buffer | undefined;

  constructor(
    readonly text: string,
    /** The event's id; control messages have none. */
    readonly id?: string,
  ) {}

  /** The text as UTF-8, for a WebSocket text frame. */
  bytes(): Buffer {
    return (this.utf8 ??= Buffer.from(this.text));
  }

  /** The Server-Sent Events record: `id:` (events only) and `data:`. */
  sseRecord(): string {
    return (this.sse ??= `${this.id === undefined ? '' : `id: ${this.id}\n`}data: ${this.text}\n\n`);
  }

  /**
   * The whole WebSocket frame a server sends for it (a final, unmasked text frame), framed by ws itself
   * (`Sender.frame`, made public for broadcasts where every client gets the same frame: websockets/ws#1016).
   */
  frame(): Buffer {
    return (this.webSocketFrame ??= Buffer.concat(Sender.frame(this.bytes(), { fin: true, rsv1: false, opcode: TEXT_OPCODE, mask: false, readOnly: false })));
  }
}

/**
 * Messages that go out together, in order: to each client, a run leaves in one write, whatever its length
 * (one `ws.send` per message and client was most of a busy server's fan-out). Every client that takes the
 * whole run shares its encodings.
 */
export class MessageRun {
  private frames: Buffer | undefined;
  private sse: string | undefined;
  private bytes: number | undefined;

  constructor(readonly messages: readonly OutgoingMessage[]) {}

  /** The messages' length in UTF-8, without framing. */
  textBytes(): number {
    return (this.bytes ??= this.messages.reduce((total, message) => total + message.bytes().length, 0));
  }

  /** The messages' WebSocket frames, back to back. */
  webSocketFrames(): Buffer {
    return (this.frames ??= this.messages.length === 1 ? (this.messages[0] as OutgoingMessage).frame() : Buffer.concat(this.messages.map((message) => message.frame())));
  }

  /** The messages' Server-Sent Events records, back to back. */
  sseRecords(): string {
    return (this.sse ??= this.messages.map((message) => message.sseRecord()).join(''));
  }
}

/** The wire form of a domain event, made once per event and sent as is to every client that takes it. */
export function wireMessage(event: StreamEvent): OutgoingMessage {
  const id = String(event.seq);
  return new OutgoingMessage(JSON.stringify({ id, type: event.type, data: event.data }), id);
}

/** A message of the stream itself (ready, reset), not a domain event: it has no id. */
export function controlMessage(type: 'ready' | 'reset' | 'presence' | 'error', data: Record<string, unknown>): OutgoingMessage {
  return new OutgoingMessage(JSON.stringify({ type, data }));
}

/** A resume id is a decimal sequence number; anything else is refused. */
export function parseStreamId(value: string): number | undefined {
  if (!/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
