import { formatTime } from '../../ui/time';
import { currentWindow, useMaintenanceWindows } from './services-api';

/** Active, disabled, or in maintenance (a window in force now: its triggers open no incident). */
export function ServiceStatus({ serviceId, status }: { serviceId: string; status: 'active' | 'disabled' }) {
  const windows = useMaintenanceWindows(serviceId);
  const window = currentWindow(windows.data);
  if (status === 'disabled') return <span className="badge svc-status-disabled">disabled</span>;
  if (window) {
    return (
      <span className="badge svc-status-maintenance" title={`Until ${formatTime(window.end)}`}>
        maintenance
      </span>
    );
  }
  return <span className="badge svc-status-active">active</span>;
}
