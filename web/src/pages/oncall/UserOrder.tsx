import { Field } from '../../ui/form';
import { move } from './schedule-draft';
import type { OrgUser } from './schedules.queries';
import { userColour } from './user-colour';

/** The people of a rotation, in turn order: add, remove, move up and down (buttons, so keyboards can too). */
export function UserOrder({ label, users, chosen, onChange, error }: { label: string; users: OrgUser[]; chosen: string[]; onChange: (ids: string[]) => void; error?: string | undefined }) {
  const byId = new Map(users.map((user) => [user.id, user]));
  const left = users.filter((user) => !chosen.includes(user.id));
  return (
    <div className="oc-users">
      <ol className="oc-ordered">
        {chosen.map((id, index) => {
          const name = byId.get(id)?.name ?? 'Unknown user';
          return (
            <li key={id}>
              <span className="oc-dot" style={userColour(id)} aria-hidden="true" />
              <span className="oc-grow">{name}</span>
              <button type="button" className="btn btn-ghost btn-small" disabled={index === 0} onClick={() => onChange(move(chosen, index, -1))} aria-label={`Move ${name} up`}>
                ↑
              </button>
              <button type="button" className="btn btn-ghost btn-small" disabled={index === chosen.length - 1} onClick={() => onChange(move(chosen, index, 1))} aria-label={`Move ${name} down`}>
                ↓
              </button>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(chosen.filter((other) => other !== id))} aria-label={`Remove ${name}`}>
                ×
              </button>
            </li>
          );
        })}
      </ol>
      <Field label={label} hint={chosen.length === 0 ? 'No one yet: add the people who take turns, in order.' : undefined} error={error}>
        {(props) => (
          <select
            {...props}
            value=""
            onChange={(event) => {
              if (event.target.value) onChange([...chosen, event.target.value]);
            }}
          >
            <option value="">Add a person…</option>
            {left.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
