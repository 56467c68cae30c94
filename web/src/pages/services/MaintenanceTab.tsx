import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Empty, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { formatTime } from '../../ui/time';
import { useToast } from '../../ui/toast';
import { ScheduleWindowForm } from './ScheduleWindowForm';
import { type MaintenanceWindow, serviceKeys, useMaintenanceWindows } from './services-api';

function phase(window: MaintenanceWindow, now: number): 'in progress' | 'scheduled' | 'ended' {
  if (Date.parse(window.end) <= now) return 'ended';
  return Date.parse(window.start) <= now ? 'in progress' : 'scheduled';
}

/** Maintenance windows: while one is in progress the service's triggers open no incident and page nobody. */
export function MaintenanceTab({ serviceId, writable }: { serviceId: string; writable: boolean }) {
  const windows = useMaintenanceWindows(serviceId, true);
  const queryClient = useQueryClient();
  const toast = useToast();
  const end = useMutation({
    mutationFn: (window: MaintenanceWindow) => unwrap(api.DELETE('/api/v1/services/{id}/maintenance-windows/{windowId}', { params: { path: { id: serviceId, windowId: window.id } } })),
    onSuccess: (_, window) => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.maintenance(serviceId) });
      // The service's maintenance_until (its status badge and overview) may have changed too.
      void queryClient.invalidateQueries({ queryKey: serviceKeys.one(serviceId) });
      void queryClient.invalidateQueries({ queryKey: serviceKeys.list });
      toast(phase(window, Date.now()) === 'scheduled' ? 'Maintenance window cancelled' : 'Maintenance ended');
    },
    onError: (error) => toast(error.message, 'error'),
  });
  const now = Date.now();
  return (
    <div className="stack">
      {writable ? (
        <Section title="Schedule maintenance">
          <ScheduleWindowForm serviceId={serviceId} />
        </Section>
      ) : null}
      <Section title="Maintenance windows">
        <QueryState query={windows}>
          {(list) =>
            list.length === 0 ? (
              <Empty>No maintenance windows.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Start</th>
                      <th scope="col">End</th>
                      <th scope="col">State</th>
                      <th scope="col">Description</th>
                      {writable ? (
                        <th scope="col">
                          <span className="sr-only">Actions</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((window) => {
                      const state = phase(window, now);
                      return (
                        <tr key={window.id}>
                          <td>{formatTime(window.start)}</td>
                          <td>{formatTime(window.end)}</td>
                          <td>
                            <span className={state === 'in progress' ? 'badge svc-status-maintenance' : 'badge muted'}>{state}</span>
                          </td>
                          <td>{window.description || <span className="muted">—</span>}</td>
                          {writable ? (
                            <td>
                              {state !== 'ended' ? (
                                <button type="button" className="btn btn-small" disabled={end.isPending} onClick={() => end.mutate(window)}>
                                  {state === 'in progress' ? 'End now' : 'Cancel'}
                                </button>
                              ) : null}
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
      </Section>
    </div>
  );
}
