import { Field } from '../../ui/form';
import { errorAt, errorsUnder } from './field-errors';
import type { LevelDraft } from './policy-draft';
import { TargetPicker, type TargetNames } from './TargetPicker';

/** One level of an escalation policy: whom it pages, and how long before the next level is paged. */
export function LevelEditor({ level, index, count, names, error, onChange, onMove, onRemove }: { level: LevelDraft; index: number; count: number; names: TargetNames; error: unknown; onChange: (level: LevelDraft) => void; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  const path = `levels.${index}`;
  const title = `Level ${index + 1}`;
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
      <TargetPicker label={`${title} targets`} targets={level.targets} names={names} onChange={(targets) => onChange({ ...level, targets })} error={errorsUnder(error, `${path}.targets`)} />
      <Field label={`${title}: escalate after (minutes)`} hint="Unless someone acknowledges, the next level is paged after this long." error={errorAt(error, `${path}.delay_minutes`)}>
        {(props) => <input {...props} className="oc-narrow" type="number" min={1} max={1440} value={level.delay_minutes} onChange={(event) => onChange({ ...level, delay_minutes: event.target.value })} />}
      </Field>
    </fieldset>
  );
}
