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

/** The wire form, serialised once per event and sent as is to every client that takes it. */
export function wireMessage(event: StreamEvent): string {
  return JSON.stringify({ id: String(event.seq), type: event.type, data: event.data });
}

/** A message of the stream itself (ready, reset), not a domain event: it has no id. */
export function controlMessage(type: 'ready' | 'reset' | 'presence' | 'error', data: Record<string, unknown>): string {
  return JSON.stringify({ type, data });
}

/** A resume id is a decimal sequence number; anything else is refused. */
export function parseStreamId(value: string): number | undefined {
  if (!/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}
