import { Field } from '../../ui/form';
import type { Target } from './policies.queries';
import type { OrgUser, Schedule } from './schedules.queries';
import { userColour } from './user-colour';

export interface TargetNames {
  users: OrgUser[];
  schedules: Array<Pick<Schedule, 'id' | 'name'>>;
}

export function targetName(target: Target, names: TargetNames): string {
  const found = target.type === 'user' ? names.users.find((user) => user.id === target.id) : names.schedules.find((schedule) => schedule.id === target.id);
  return found?.name ?? `Unknown ${target.type}`;
}

const valueOf = (target: Target) => `${target.type}:${target.id}`;

/** A level's targets: chosen people and schedules as removable chips, and a picker to add more. */
export function TargetPicker({ label, targets, names, onChange, error }: { label: string; targets: Target[]; names: TargetNames; onChange: (targets: Target[]) => void; error?: string | undefined }) {
  const chosen = new Set(targets.map(valueOf));
  const add = (value: string) => {
    const [type, id] = value.split(':');
    if ((type === 'user' || type === 'schedule') && id) onChange([...targets, { type, id }]);
  };
  return (
    <div className="stack oc-targets">
      <ul className="oc-chips" aria-label={`${label}: chosen`}>
        {targets.length === 0 ? <li className="muted">Nobody yet</li> : null}
        {targets.map((target) => {
          const name = targetName(target, names);
          return (
            <li key={valueOf(target)} className="oc-chip">
              {target.type === 'user' ? <span className="oc-dot" style={userColour(target.id)} aria-hidden="true" /> : <span className="oc-tag">Schedule</span>}
              <span>{name}</span>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(targets.filter((other) => valueOf(other) !== valueOf(target)))} aria-label={`Remove ${name}`}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <Field label={`Add to ${label.toLowerCase()}`} error={error}>
        {(props) => (
          <select {...props} value="" onChange={(event) => add(event.target.value)}>
            <option value="">Add a person or schedule…</option>
            <optgroup label="Schedules (whoever is on call)">
              {names.schedules
                .filter((schedule) => !chosen.has(`schedule:${schedule.id}`))
                .map((schedule) => (
                  <option key={schedule.id} value={`schedule:${schedule.id}`}>
                    {schedule.name}
                  </option>
                ))}
            </optgroup>
            <optgroup label="People">
              {names.users
                .filter((user) => !chosen.has(`user:${user.id}`))
                .map((user) => (
                  <option key={user.id} value={`user:${user.id}`}>
                    {user.name}
                  </option>
                ))}
            </optgroup>
          </select>
        )}
      </Field>
    </div>
  );
}
