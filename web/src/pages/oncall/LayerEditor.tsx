import { Field } from '../../ui/form';
import { errorAt, errorsUnder } from './field-errors';
import { RestrictionsEditor } from './RestrictionsEditor';
import type { LayerDraft } from './schedule-draft';
import type { OrgUser } from './schedules.queries';
import { UserOrder } from './UserOrder';

/** One rotation layer of the schedule editor; `index` names its fields as the server does (`layers.0.start`). */
export function LayerEditor({
  layer,
  index,
  count,
  zone,
  users,
  error,
  onChange,
  onMove,
  onRemove,
}: {
  layer: LayerDraft;
  index: number;
  count: number;
  zone: string;
  users: OrgUser[];
  error: unknown;
  onChange: (layer: LayerDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const path = `layers.${index}`;
  const set = (fields: Partial<LayerDraft>) => onChange({ ...layer, ...fields });
  const title = layer.name || `Layer ${index + 1}`;
  return (
    <fieldset className="oc-layer">
      <legend>{title}</legend>
      <div className="row oc-layer-actions">
        <button type="button" className="btn btn-ghost btn-small" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move ${title} up`}>
          <span aria-hidden="true">↑</span> Up
        </button>
        <button type="button" className="btn btn-ghost btn-small" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move ${title} down`}>
          <span aria-hidden="true">↓</span> Down
        </button>
        <button type="button" className="btn btn-ghost btn-small btn-danger" disabled={count === 1} onClick={onRemove} aria-label={`Remove ${title}`}>
          Remove
        </button>
      </div>
      <div className="oc-fields">
        <Field label="Layer name" error={errorAt(error, `${path}.name`)}>
          {(props) => <input {...props} value={layer.name} onChange={(event) => set({ name: event.target.value })} />}
        </Field>
        <Field label="Rotation" error={errorAt(error, `${path}.rotation`)}>
          {(props) => (
            <select {...props} value={layer.rotation} onChange={(event) => set({ rotation: event.target.value as LayerDraft['rotation'] })}>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
              <option value="custom">Every few hours</option>
            </select>
          )}
        </Field>
        {layer.rotation === 'custom' ? (
          <Field label="Shift length (hours)" error={errorAt(error, `${path}.rotation.hours`)}>
            {(props) => <input {...props} type="number" min={1} max={8760} value={layer.hours} onChange={(event) => set({ hours: event.target.value })} />}
          </Field>
        ) : null}
        <Field label="Handoff time" hint={zone} error={errorAt(error, `${path}.handoff_time`)}>
          {(props) => <input {...props} type="time" value={layer.handoff_time} onChange={(event) => set({ handoff_time: event.target.value })} />}
        </Field>
        <Field label="Starts" hint={zone} error={errorAt(error, `${path}.start`)}>
          {(props) => <input {...props} type="datetime-local" value={layer.start} onChange={(event) => set({ start: event.target.value })} />}
        </Field>
        <Field label="Ends (optional)" hint={zone} error={errorAt(error, `${path}.end`)}>
          {(props) => <input {...props} type="datetime-local" value={layer.end} onChange={(event) => set({ end: event.target.value })} />}
        </Field>
      </div>
      <UserOrder label={`People in ${title}, in turn`} users={users} chosen={layer.users} onChange={(ids) => set({ users: ids })} error={errorsUnder(error, `${path}.users`)} />
      <RestrictionsEditor windows={layer.restrictions} onChange={(restrictions) => set({ restrictions })} error={error} path={`${path}.restrictions`} />
    </fieldset>
  );
}
