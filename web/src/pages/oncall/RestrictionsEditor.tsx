import { Field } from '../../ui/form';
import { errorAt } from './field-errors';
import { newRestriction, type RestrictionDraft } from './schedule-draft';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The windows a layer is on call in (working hours, weekends…); none means around the clock. */
export function RestrictionsEditor({ windows, onChange, error, path }: { windows: RestrictionDraft[]; onChange: (windows: RestrictionDraft[]) => void; error: unknown; path: string }) {
  const change = (index: number, fields: Partial<RestrictionDraft>) => onChange(windows.map((window, i) => (i === index ? { ...window, ...fields } : window)));
  return (
    <div className="stack oc-restrictions">
      <div className="row">
        <strong>On call only during</strong>
        <span className="muted">{windows.length === 0 ? 'any time (no windows)' : ''}</span>
      </div>
      {windows.map((window, index) => {
        const at = `${path}.${index}`;
        const day = (field: 'start_day' | 'end_day', label: string) => (
          <Field label={label} error={errorAt(error, `${at}.${field}`)}>
            {(props) => (
              <select {...props} value={window[field]} onChange={(event) => change(index, { [field]: event.target.value })}>
                {DAYS.map((name, i) => (
                  <option key={name} value={String(i + 1)}>
                    {name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        );
        return (
          <div key={window.key} className="oc-window" role="group" aria-label={`Window ${index + 1}`}>
            <Field label="Repeats" error={errorAt(error, `${at}.kind`)}>
              {(props) => (
                <select {...props} value={window.kind} onChange={(event) => change(index, { kind: event.target.value === 'weekly' ? 'weekly' : 'daily' })}>
                  <option value="daily">Every day</option>
                  <option value="weekly">Every week</option>
                </select>
              )}
            </Field>
            {window.kind === 'weekly' ? day('start_day', 'From day') : null}
            <Field label="From" error={errorAt(error, `${at}.start_time`)}>
              {(props) => <input {...props} type="time" value={window.start_time} onChange={(event) => change(index, { start_time: event.target.value })} />}
            </Field>
            {window.kind === 'weekly' ? day('end_day', 'To day') : null}
            <Field label="To" error={errorAt(error, `${at}.end_time`)}>
              {(props) => <input {...props} type="time" value={window.end_time} onChange={(event) => change(index, { end_time: event.target.value })} />}
            </Field>
            <button type="button" className="btn btn-ghost btn-small oc-window-remove" onClick={() => onChange(windows.filter((_, i) => i !== index))} aria-label={`Remove window ${index + 1}`}>
              Remove
            </button>
          </div>
        );
      })}
      <div>
        <button type="button" className="btn btn-small" onClick={() => onChange([...windows, newRestriction()])}>
          Add window
        </button>
      </div>
    </div>
  );
}
