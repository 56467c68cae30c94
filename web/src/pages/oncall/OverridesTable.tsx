import { Empty } from '../../ui/feedback';
import type { Override } from './schedules.queries';
import { userColour } from './user-colour';
import { formatAt, formatLength } from './zoned-format';

/** The overrides of a range as a table: who, from, to, and a remove button for those who may. */
export function OverridesTable({ overrides, zone, onRemove }: { overrides: Override[]; zone: string; onRemove: ((override: Override) => void) | undefined }) {
  if (overrides.length === 0) return <Empty>No overrides in this range.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col" className="hide-narrow">
              Length
            </th>
            {onRemove ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {overrides.map((override) => (
            <tr key={override.id}>
              <td>
                <span className="oc-dot" style={userColour(override.user.id)} aria-hidden="true" /> {override.user.name}
              </td>
              <td>{formatAt(override.start, zone)}</td>
              <td>{formatAt(override.end, zone)}</td>
              <td className="hide-narrow">{formatLength(override.start, override.end)}</td>
              {onRemove ? (
                <td>
                  <button type="button" className="btn btn-small btn-danger" onClick={() => onRemove(override)} aria-label={`Remove the override of ${override.user.name} from ${formatAt(override.start, zone)}`}>
                    Remove
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
