import { formatTime } from '../../ui/time';

/** Active, disabled, or in maintenance (a window in force: its triggers open no incident). */
export function ServiceStatus({ status, maintenanceUntil }: { status: 'active' | 'disabled'; maintenanceUntil: string | null }) {
  if (status === 'disabled') return <span className="badge svc-status-disabled">disabled</span>;
  if (maintenanceUntil !== null && Date.parse(maintenanceUntil) > Date.now()) {
    return (
      <span className="badge svc-status-maintenance" title={`Until ${formatTime(maintenanceUntil)}`}>
        maintenance
      </span>
    );
  }
  return <span className="badge svc-status-active">active</span>;
}
