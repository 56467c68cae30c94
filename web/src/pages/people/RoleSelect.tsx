import { Field } from '../../ui/form';
import { type Role, roles } from './people.queries';

/** The organisation role of a new user or invitee, each explained. */
export function RoleSelect({ value, onChange, error }: { value: Role; onChange: (role: Role) => void; error?: string | undefined }) {
  return (
    <Field label="Role" hint={roles.find((role) => role.value === value)?.hint} error={error}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value as Role)}>
          {roles.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
