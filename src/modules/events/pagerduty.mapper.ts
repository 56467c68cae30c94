import { randomUUID } from 'node:crypto';
import type { AcceptedEvent } from './event.ts';
import type { ChangeEnqueueBody, EnqueueBody, TriggerPayload } from './pagerduty.schema.ts';

/** Maps a validated Events API v2 body to Vigil's event. A trigger without a dedup key gets a fresh one. */
export function fromEnqueueBody(body: EnqueueBody): AcceptedEvent {
  const payload = body.event_action === 'trigger' ? (body.payload as TriggerPayload) : undefined;
  return {
    kind: 'alert',
    action: body.event_action,
    dedupKey: body.dedup_key ?? randomUUID().replaceAll('-', ''),
    payload: {
      summary: payload?.summary,
      source: payload?.source,
      severity: payload?.severity,
      timestamp: payload?.timestamp,
      component: payload?.component,
      group: payload?.group,
      class: payload?.class,
      customDetails: payload?.custom_details,
      links: body.links ?? [],
      images: body.images ?? [],
      client: body.client,
      clientUrl: body.client_url,
    },
  };
}

export function fromChangeEnqueueBody(body: ChangeEnqueueBody): AcceptedEvent {
  return {
    kind: 'change',
    action: 'change',
    dedupKey: null,
    payload: {
      summary: body.payload.summary,
      source: body.payload.source,
      timestamp: body.payload.timestamp,
      customDetails: body.payload.custom_details,
      links: body.links ?? [],
    },
  };
}
