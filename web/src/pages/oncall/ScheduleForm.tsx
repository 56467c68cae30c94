import { type FormEvent, useState } from 'react';
import { Field, FormError } from '../../ui/form';
import { errorAt } from './field-errors';
import { LayerEditor } from './LayerEditor';
import { move, newLayer, type ScheduleDraft } from './schedule-draft';
import type { OrgUser } from './schedules.queries';
import { knownZones } from './zoned-format';

/**
 * Creates or edits a schedule: name, description, time zone and its layers. The server validates; its
 * messages appear beside the fields they name.
 */
export function ScheduleForm({ initial, users, submitLabel, pending, error, onSubmit, onCancel }: { initial: ScheduleDraft; users: OrgUser[]; submitLabel: string; pending: boolean; error: unknown; onSubmit: (draft: ScheduleDraft) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState(initial);
  const set = (fields: Partial<ScheduleDraft>) => setDraft((current) => ({ ...current, ...fields }));
  const setLayers = (layers: ScheduleDraft['layers']) => set({ layers });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormError error={error} />
      <div className="oc-fields">
        <Field label="Name" error={errorAt(error, 'name')}>
          {(props) => <input {...props} value={draft.name} onChange={(event) => set({ name: event.target.value })} required />}
        </Field>
        <Field label="Time zone" hint="Handoffs and restriction windows follow this zone's clock." error={errorAt(error, 'time_zone')}>
          {(props) => (
            <select {...props} value={draft.time_zone} onChange={(event) => set({ time_zone: event.target.value })}>
              {knownZones(draft.time_zone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Description" error={errorAt(error, 'description')}>
        {(props) => <textarea {...props} value={draft.description} onChange={(event) => set({ description: event.target.value })} />}
      </Field>
      <div className="stack">
        <h3>Layers</h3>
        <p className="muted oc-note">A layer further down the list takes precedence wherever it has someone on call; overrides take precedence over every layer.</p>
        {errorAt(error, 'layers') ? <div className="field-error">{errorAt(error, 'layers')}</div> : null}
        {draft.layers.map((layer, index) => (
          <LayerEditor
            key={layer.key}
            layer={layer}
            index={index}
            count={draft.layers.length}
            zone={draft.time_zone}
            users={users}
            error={error}
            onChange={(changed) => setLayers(draft.layers.map((other, i) => (i === index ? changed : other)))}
            onMove={(by) => setLayers(move(draft.layers, index, by))}
            onRemove={() => setLayers(draft.layers.filter((_, i) => i !== index))}
          />
        ))}
        <div>
          <button type="button" className="btn" onClick={() => setLayers([...draft.layers, newLayer(draft.layers.length, draft.time_zone)])}>
            Add layer
          </button>
        </div>
      </div>
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
