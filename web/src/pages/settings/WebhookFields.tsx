import { Field, fieldError } from '../../ui/form';
import { type EventType, eventTypes } from './webhooks.queries';

export interface WebhookDraft {
  url: string;
  description: string;
  /** '*' for every event type. */
  events: EventType[] | '*';
  allowPrivateNetwork: boolean;
}

/** The fields a subscription is made of, for creating one and for editing it. */
export function WebhookFields({ draft, onChange, error }: { draft: WebhookDraft; onChange: (draft: WebhookDraft) => void; error: unknown }) {
  const toggle = (type: EventType, on: boolean) => {
    const current = draft.events === '*' ? [] : draft.events;
    onChange({ ...draft, events: on ? [...current, type] : current.filter((other) => other !== type) });
  };
  return (
    <>
      <Field label="URL" hint="Vigil POSTs each event here as JSON, signed (Standard Webhooks)." error={fieldError(error, 'url')}>
        {(props) => <input {...props} type="url" required maxLength={2048} placeholder="https://example.com/hooks/vigil" value={draft.url} onChange={(event) => onChange({ ...draft, url: event.target.value })} />}
      </Field>
      <Field label="Description" hint="Optional: what receives it." error={fieldError(error, 'description')}>
        {(props) => <input {...props} maxLength={2000} value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} />}
      </Field>
      <fieldset className="checkbox-grid">
        <legend>Events</legend>
        <label>
          <input type="checkbox" checked={draft.events === '*'} onChange={(event) => onChange({ ...draft, events: event.target.checked ? '*' : [] })} />
          All events, including ones added later
        </label>
        {eventTypes.map((type) => (
          <label key={type.value} title={`When ${type.hint}`}>
            <input type="checkbox" disabled={draft.events === '*'} checked={draft.events === '*' || draft.events.includes(type.value)} onChange={(event) => toggle(type.value, event.target.checked)} />
            <span className="mono">{type.value}</span>
          </label>
        ))}
      </fieldset>
      {fieldError(error, 'event_types') ? <div className="field-error">Events: {fieldError(error, 'event_types')}</div> : null}
      <label className="check-row">
        <input type="checkbox" checked={draft.allowPrivateNetwork} onChange={(event) => onChange({ ...draft, allowPrivateNetwork: event.target.checked })} />
        <span>Allow private network destinations (localhost, 10.x, 192.168.x): only for receivers inside your network</span>
      </label>
    </>
  );
}

export const draftBody = (draft: WebhookDraft) => ({
  url: draft.url,
  description: draft.description,
  event_types: draft.events === '*' ? ['*' as const] : draft.events,
  allow_private_network: draft.allowPrivateNetwork,
});
