import { randomUUID } from 'node:crypto';
import type { AcceptedEvent, Severity } from '../../modules/events/event.ts';
import type { AlertActionBody, CreateAlertBody } from './opsgenie.schema.ts';

/** Opsgenie priorities as severities; Opsgenie's default priority is P3. */
const severityByPriority: Record<NonNullable<CreateAlertBody['priority']>, Severity> = { P1: 'critical', P2: 'error', P3: 'warning', P4: 'info', P5: 'info' };

const firstChars = (items: string[] | undefined, count: number) => items?.slice(0, count).map((item) => item.slice(0, 50));

/** A create-alert request → a trigger. Its alias is the dedup key; without one, Opsgenie (and Vigil) make one up. */
export function fromCreateAlert(body: CreateAlertBody): AcceptedEvent {
  const priority = body.priority ?? 'P3';
  const details: Record<string, unknown> = {
    description: body.description,
    details: body.details,
    tags: firstChars(body.tags, 20),
    actions: firstChars(body.actions, 10),
    entity: body.entity,
    source: body.source,
    priority,
    user: body.user,
    note: body.note,
  };
  return {
    kind: 'alert',
    action: 'trigger',
    dedupKey: body.alias?.trim() ? body.alias : randomUUID(),
    payload: {
      summary: body.message,
      source: (body.entity?.trim() || body.source?.trim() || 'Opsgenie API').slice(0, 255),
      severity: severityByPriority[priority],
      component: body.entity?.trim() ? body.entity.slice(0, 255) : undefined,
      customDetails: Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)),
      links: [],
      images: [],
      client: body.source?.trim() || 'Opsgenie API',
    },
  };
}

/** Close (→ resolve) or acknowledge an alert by its alias; user, source and note are kept with the event. */
export function fromAlertAction(action: 'acknowledge' | 'resolve', alias: string, body: AlertActionBody): AcceptedEvent {
  const details = Object.fromEntries(Object.entries({ user: body?.user, source: body?.source, note: body?.note }).filter(([, value]) => value !== undefined));
  return {
    kind: 'alert',
    action,
    dedupKey: alias,
    payload: {
      source: body?.source,
      customDetails: Object.keys(details).length > 0 ? details : undefined,
      links: [],
      images: [],
      client: body?.source,
    },
  };
}
