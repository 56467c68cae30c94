import { type FormEvent, useState } from 'react';
import { Field, FormError } from '../../ui/form';
import { errorAt } from './field-errors';
import { LevelEditor } from './LevelEditor';
import { newLevel, type PolicyDraft } from './policy-draft';
import { move } from './schedule-draft';
import type { TargetNames } from './TargetPicker';

/** Creates or edits an escalation policy; the server validates and its messages sit beside the fields they name. */
export function PolicyForm({ initial, names, submitLabel, pending, error, onSubmit, onCancel }: { initial: PolicyDraft; names: TargetNames; submitLabel: string; pending: boolean; error: unknown; onSubmit: (draft: PolicyDraft) => void; onCancel?: () => void }) {
  const [draft, setDraft] = useState(initial);
  const set = (fields: Partial<PolicyDraft>) => setDraft((current) => ({ ...current, ...fields }));
  const setLevels = (levels: PolicyDraft['levels']) => set({ levels });
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
        <Field label="Repeat" hint="How many more times the whole policy runs after its last level, if nobody acknowledges." error={errorAt(error, 'repeat_count')}>
          {(props) => (
            <select {...props} value={draft.repeat_count} onChange={(event) => set({ repeat_count: event.target.value })}>
              {Array.from({ length: 10 }, (_, count) => (
                <option key={count} value={String(count)}>
                  {count === 0 ? 'Do not repeat' : `${count} more time${count > 1 ? 's' : ''}`}
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
        <h3>Levels</h3>
        {errorAt(error, 'levels') ? <div className="field-error">{errorAt(error, 'levels')}</div> : null}
        {draft.levels.map((level, index) => (
          <LevelEditor
            key={level.key}
            level={level}
            index={index}
            count={draft.levels.length}
            names={names}
            error={error}
            onChange={(changed) => setLevels(draft.levels.map((other, i) => (i === index ? changed : other)))}
            onMove={(by) => setLevels(move(draft.levels, index, by))}
            onRemove={() => setLevels(draft.levels.filter((_, i) => i !== index))}
          />
        ))}
        <div>
          <button type="button" className="btn" onClick={() => setLevels([...draft.levels, newLevel()])}>
            Add level
          </button>
        </div>
      </div>
      <div className="form-actions">
        {onCancel ? (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
