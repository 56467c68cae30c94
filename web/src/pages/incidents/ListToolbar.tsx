import type { BulkFailure, BulkKind } from './use-bulk-action';
import type { useNewIncidentAlerts } from './use-new-incident-alerts';

/** The opt-ins for a sound and a desktop notification when an incident is triggered. */
export function AlertOptIns({ alerts }: { alerts: ReturnType<typeof useNewIncidentAlerts> }) {
  return (
    <div className="incident-optins" role="group" aria-label="When an incident is triggered">
      <label className="check">
        <input type="checkbox" checked={alerts.sound} onChange={(e) => alerts.setSound(e.target.checked)} /> Play a sound
      </label>
      <label className="check">
        <input type="checkbox" checked={alerts.desktop} onChange={(e) => void alerts.setDesktop(e.target.checked)} /> Desktop notification
      </label>
      {alerts.problem ? (
        <span className="field-error" role="alert">
          {alerts.problem}
        </span>
      ) : null}
    </div>
  );
}

/** What to do with the selected rows. */
export function SelectionBar({ count, running, onRun, onClear }: { count: number; running: BulkKind | null; onRun: (kind: BulkKind) => void; onClear: () => void }) {
  return (
    <div className="incident-selection" role="region" aria-label="Selected incidents">
      <strong>{count} selected</strong>
      <button type="button" className="btn btn-primary btn-small" disabled={running !== null || count === 0} onClick={() => onRun('acknowledge')}>
        {running === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge selected'}
      </button>
      <button type="button" className="btn btn-small" disabled={running !== null || count === 0} onClick={() => onRun('resolve')}>
        {running === 'resolve' ? 'Resolving…' : 'Resolve selected'}
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}

/** Which incidents a bulk action could not change, with the server's reason for each. */
export function BulkFailures({ failures, onDismiss }: { failures: BulkFailure[]; onDismiss: () => void }) {
  if (failures.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <div className="row">
        <strong>{failures.length === 1 ? 'One incident was not changed:' : `${failures.length} incidents were not changed:`}</strong>
        <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      <ul className="incident-failures">
        {failures.slice(0, 20).map(({ incident, message }) => (
          <li key={incident.id}>
            #{incident.number}: {message}
          </li>
        ))}
        {failures.length > 20 ? <li>…and {failures.length - 20} more.</li> : null}
      </ul>
    </div>
  );
}
